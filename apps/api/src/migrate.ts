import 'dotenv/config';
import { createDb } from '@todo/db';
import { ConfigError, loadConfig } from './config';

/** Applies the committed migrations and exits: the cluster runs this before new pods serve. */
async function main() {
  const config = loadConfig();
  const database = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await database.migrate();
    console.log(`migrations applied (${database.kind})`);
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : `migration failed: ${String(err)}`);
  process.exit(1);
});
