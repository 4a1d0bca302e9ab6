import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Ends the script with one line that says what failed and what to do next. */
export function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(1);
}
