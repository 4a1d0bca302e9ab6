import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildArgs,
  buildImage,
  checkDocker,
  CommandNotFoundError,
  contentTag,
  failingStep,
  imageTag,
  ImageError,
  recordingRunner,
  resolveTool,
} from '../src/index';

const turboPlan = (hash: string) =>
  JSON.stringify({
    tasks: [
      { taskId: '@todo/api#build', hash },
      { taskId: '@todo/db#build', hash: 'x' },
    ],
  });

describe('resolveTool', () => {
  // Real files on a real PATH: zx's which() decides what is executable.
  const dir = mkdtempSync(path.join(tmpdir(), 'todo-tools-'));
  const elsewhere = mkdtempSync(path.join(tmpdir(), 'todo-tools-'));
  writeFileSync(path.join(dir, 'docker'), '#!/bin/sh\n', { mode: 0o755 });
  writeFileSync(path.join(elsewhere, 'helm'), 'not executable\n', { mode: 0o644 });

  it('prefers the environment variable, then the first executable on PATH', () => {
    const PATH = [elsewhere, dir].join(path.delimiter);
    expect(resolveTool('docker', 'DOCKER', { env: { DOCKER: '/opt/docker', PATH } })).toBe(
      '/opt/docker',
    );
    expect(resolveTool('docker', 'DOCKER', { env: { PATH } })).toBe(path.join(dir, 'docker'));
  });

  it('returns the plain name when nothing executable is found, so running it says so', () => {
    expect(resolveTool('docker', 'DOCKER', { env: { PATH: elsewhere } })).toBe('docker');
    expect(resolveTool('helm', 'HELM', { env: { PATH: elsewhere } })).toBe('helm');
  });
});

describe('image tags', () => {
  it('are derived from turbo’s hash, the Dockerfile and the base image, never latest', async () => {
    const tagFor = async (turboHash: string, base: string) => {
      const { runner } = recordingRunner(() => ({ stdout: turboPlan(turboHash) }));
      return contentTag(runner, process.cwd(), 'api', base);
    };
    const a = await tagFor('aaa', 'node:24');
    expect(a).toMatch(/^[0-9a-f]{12}$/);
    expect(await tagFor('aaa', 'node:24')).toBe(a);
    expect(await tagFor('bbb', 'node:24')).not.toBe(a);
    expect(await tagFor('aaa', 'local/node:24')).not.toBe(a);
  });
});

describe('docker checks', () => {
  it('says when Docker is not installed', async () => {
    const { runner } = recordingRunner(() => new CommandNotFoundError('docker'));
    await expect(checkDocker(runner, 'docker')).rejects.toThrow(/Docker is not installed/);
  });

  it('says when the daemon is not running', async () => {
    const { runner } = recordingRunner(() => ({
      exitCode: 1,
      stderr:
        'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
    }));
    await expect(checkDocker(runner, 'docker')).rejects.toThrow(
      /daemon is not running.*start Docker Desktop/,
    );
  });
});

describe('building', () => {
  const options = {
    docker: 'docker',
    repoRoot: '/repo',
    app: 'api' as const,
    nodeImage: 'local/node:24',
  };

  it('passes the base image, the CA secret and the network, and tags by content', () => {
    expect(
      buildArgs(
        { ...options, runner: recordingRunner().runner, network: 'host', caFile: '/ca.pem' },
        'abc',
      ),
    ).toEqual([
      'build',
      '--file',
      'apps/api/Dockerfile',
      '--tag',
      'todo-api:abc',
      '--build-arg',
      'NODE_IMAGE=local/node:24',
      '--build-arg',
      'REVISION=unknown',
      '--network',
      'host',
      '--secret',
      'id=extra_ca,src=/ca.pem',
      '.',
    ]);
  });

  it('predicts with imageTag exactly the tag a build gets, base image id included', async () => {
    const { runner } = recordingRunner((_cmd, args) => {
      if (args[0] === 'exec') return { stdout: turboPlan('h') };
      if (args[0] === 'version') return { stdout: '28.0.0' };
      if (args[0] === 'image' && args.at(-1) === 'local/node:24') return { stdout: 'sha256:base' };
      return { exitCode: args[0] === 'image' ? 1 : 0 };
    });
    const predicted = await imageTag({ ...options, runner });
    const built = await buildImage({ ...options, runner });
    expect(built).toMatchObject({ tag: predicted, built: true });
    // Without the base image's id the tag would differ: a rebuilt base means new images.
    expect(await contentTag(runner, '/repo', 'api', 'local/node:24')).not.toBe(predicted);
  });

  it('skips the build when the tagged image exists', async () => {
    const { runner, calls } = recordingRunner((cmd, args) => {
      if (args[0] === 'exec') return { stdout: turboPlan('h') };
      if (args[0] === 'version') return { stdout: '28.0.0' };
      return { stdout: 'sha256:1' }; // image inspect: exists
    });
    const result = await buildImage({ ...options, runner });
    expect(result.built).toBe(false);
    expect(calls.some((c) => c.args[0] === 'build')).toBe(false);
  });

  it('reports the failing Dockerfile step', async () => {
    const log = [
      '#13 [build 4/5] COPY --from=prune /repo/out/full/ .',
      '#13 DONE 0.0s',
      '#14 [build 5/5] RUN pnpm --filter @todo/web build',
      '#14 4.412 Error: Turbopack build failed with 1 error:',
      '#14 4.468  ERR_PNPM_RECURSIVE_RUN_FIRST_FAIL  @todo/web@0.1.0 build: `next build`',
      '#14 ERROR: executor failed running [/bin/sh -c pnpm --filter @todo/web build]: exit code: 1',
      'executor failed running [/bin/sh -c pnpm --filter @todo/web build]: exit code: 1',
    ].join('\n');
    expect(failingStep(log)).toMatch(
      /^\[build 5\/5\] RUN pnpm --filter @todo\/web build: .*Turbopack build failed/,
    );
    const { runner } = recordingRunner((cmd, args) => {
      if (args[0] === 'exec') return { stdout: turboPlan('h') };
      if (args[0] === 'version') return { stdout: '28.0.0' };
      if (args[0] === 'image') return { exitCode: 1 };
      return { exitCode: 1, stderr: log };
    });
    await expect(buildImage({ ...options, runner })).rejects.toThrow(ImageError);
    await expect(buildImage({ ...options, runner })).rejects.toThrow(/\[build 5\/5\]/);
  });
});
