import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CommandNotFoundError, type CommandRunner } from '../tools/runner';

export const apps = ['api', 'web'] as const;
export type AppName = (typeof apps)[number];

export const DEFAULT_NODE_IMAGE = 'node:24.11-bookworm-slim';

export interface ImageRef {
  app: AppName;
  /** e.g. todo-api:3f2a9c1b7d4e: derived from the content that goes into the image. */
  ref: string;
  tag: string;
  built: boolean;
}

/** A problem the user can act on, worded as the one line a script prints. */
export class ImageError extends Error {}

export function imageName(app: AppName): string {
  return `todo-${app}`;
}

/**
 * The tag of an app's image: a hash of turbo's hash for the app's build (its files, its
 * workspace dependencies, the lockfile) plus the Dockerfile, .dockerignore and base image.
 * Unchanged inputs give the same tag, so an unchanged app is never rebuilt; never `latest`.
 */
export async function contentTag(
  runner: CommandRunner,
  repoRoot: string,
  app: AppName,
  nodeImage: string,
  baseImageId = '',
): Promise<string> {
  const turbo = await runner.run(
    process.platform === 'win32' ? 'pnpm.cmd' : 'pnpm',
    ['exec', 'turbo', 'run', 'build', `--filter=@todo/${app}`, '--dry=json'],
    { cwd: repoRoot },
  );
  if (turbo.exitCode !== 0) {
    throw new ImageError(
      `turbo could not hash @todo/${app}: ${turbo.stderr.trim().split('\n').at(-1)}`,
    );
  }
  const plan = JSON.parse(turbo.stdout) as { tasks: { taskId: string; hash: string }[] };
  const task = plan.tasks.find((t) => t.taskId === `@todo/${app}#build`);
  if (!task) throw new ImageError(`turbo has no build task for @todo/${app}`);
  const hash = createHash('sha256');
  hash.update(task.hash);
  for (const file of [`apps/${app}/Dockerfile`, '.dockerignore']) {
    const full = path.join(repoRoot, file);
    hash.update(file).update(existsSync(full) ? readFileSync(full) : '');
  }
  hash.update(nodeImage).update(baseImageId);
  return hash.digest('hex').slice(0, 12);
}

export interface DockerStatus {
  ok: boolean;
  message: string;
}

/** One clear line when Docker is missing or its daemon is not running. */
export async function checkDocker(runner: CommandRunner, docker: string): Promise<void> {
  let result;
  try {
    result = await runner.run(docker, ['version', '--format', '{{.Server.Version}}']);
  } catch (err) {
    if (err instanceof CommandNotFoundError) {
      throw new ImageError(
        `Docker is not installed (looked for "${docker}"): install Docker Desktop or the docker.io package, or set DOCKER to its path`,
      );
    }
    throw err;
  }
  if (result.exitCode !== 0 || !result.stdout.trim()) {
    throw new ImageError(
      `The Docker daemon is not running (${docker} version: ${lastLine(result.stderr) || 'no server'}): start Docker Desktop, or run "sudo systemctl start docker"`,
    );
  }
}

export async function imageExists(runner: CommandRunner, docker: string, ref: string) {
  const r = await runner.run(docker, ['image', 'inspect', '--format', '{{.Id}}', ref]);
  return r.exitCode === 0 ? r.stdout.trim() : null;
}

export interface BuildOptions {
  runner: CommandRunner;
  docker: string;
  repoRoot: string;
  app: AppName;
  nodeImage?: string;
  /** `docker build --network` (CI uses host). */
  network?: string;
  /** A CA file to trust during the build (a BuildKit secret, never stored in a layer). */
  caFile?: string;
  revision?: string;
  /** Build even when an image with the content tag exists. */
  force?: boolean;
}

/** The exact `docker build` arguments for an app (also what --dry-run prints). */
export function buildArgs(o: BuildOptions, tag: string): string[] {
  const nodeImage = o.nodeImage ?? DEFAULT_NODE_IMAGE;
  return [
    'build',
    '--file',
    path.join('apps', o.app, 'Dockerfile'),
    '--tag',
    `${imageName(o.app)}:${tag}`,
    '--build-arg',
    `NODE_IMAGE=${nodeImage}`,
    '--build-arg',
    `REVISION=${o.revision ?? 'unknown'}`,
    ...(o.network ? ['--network', o.network] : []),
    ...(o.caFile ? ['--secret', `id=extra_ca,src=${o.caFile}`] : []),
    '.',
  ];
}

/**
 * The tag `buildImage` would give the app now, without building: the one place that decides
 * what goes into a tag (the base image's id when Docker knows it, else its name alone).
 */
export async function imageTag(
  o: Pick<BuildOptions, 'runner' | 'docker' | 'repoRoot' | 'app' | 'nodeImage'>,
): Promise<string> {
  const nodeImage = o.nodeImage ?? DEFAULT_NODE_IMAGE;
  const baseId = (await imageExists(o.runner, o.docker, nodeImage).catch(() => null)) ?? '';
  return contentTag(o.runner, o.repoRoot, o.app, nodeImage, baseId);
}

export async function buildImage(o: BuildOptions): Promise<ImageRef> {
  await checkDocker(o.runner, o.docker);
  const tag = await imageTag(o);
  const ref = `${imageName(o.app)}:${tag}`;
  if (!o.force && (await imageExists(o.runner, o.docker, ref))) {
    return { app: o.app, ref, tag, built: false };
  }
  const result = await o.runner.run(o.docker, buildArgs(o, tag), {
    cwd: o.repoRoot,
    env: { DOCKER_BUILDKIT: '1' },
  });
  if (result.exitCode !== 0) {
    throw new ImageError(
      `Building ${ref} failed at: ${failingStep(result.stderr + result.stdout)}`,
    );
  }
  return { app: o.app, ref, tag, built: true };
}

/** The Dockerfile step that failed and its last output lines, from BuildKit's log. */
export function failingStep(log: string): string {
  const lines = log.split('\n');
  const failed = lines.findIndex((l) =>
    /executor failed running|ERROR: failed to solve|failed to compute cache key/.test(l),
  );
  const stepLine = [...lines.slice(0, failed >= 0 ? failed : lines.length)]
    .reverse()
    .find((l) => /^#\d+ \[[^\]]+\]/.test(l) || /^ > \[/.test(l));
  const step =
    stepLine
      ?.replace(/^#\d+ /, '')
      .replace(/^ > /, '')
      .replace(/:$/, '') ?? 'unknown step';
  const detail = lines
    .filter((l) => /ERR|error|Error/.test(l) && !/^#\d+ sha256/.test(l))
    .slice(-3)
    .map((l) => l.replace(/^#\d+ [\d.]+ /, '').trim())
    .join(' | ');
  return detail ? `${step}: ${detail}` : step;
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}
