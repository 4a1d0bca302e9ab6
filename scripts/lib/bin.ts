import path from 'node:path';
import { repoRoot } from './cli';

/** A tool installed in this repository's node_modules/.bin (with .cmd on Windows). */
export function bin(name: string): string {
  return path.join(
    repoRoot,
    'node_modules',
    '.bin',
    process.platform === 'win32' ? `${name}.cmd` : name,
  );
}
