import path from 'node:path';
import { config } from 'dotenv';
import { repoRoot } from './cli';

// The repository's .env, wherever the script runs: turbo runs `deploy` in k8s/, where
// `dotenv/config` (the working directory's .env) would find none. The environment wins.
config({ path: path.join(repoRoot, '.env'), quiet: true });
