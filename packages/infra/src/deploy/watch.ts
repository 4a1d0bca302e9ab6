import { apps, type AppName } from './images';
import { deployOrder, releases as defaultReleases, type ReleaseSpec } from './releases';
import type { DeployStep } from './steps';

/** A release's name (a row of the release table). */
export type Release = string;

export interface WatchDecision {
  images: AppName[];
  /** Releases whose chart files changed. */
  charts: Release[];
  /** Releases to upgrade: changed charts and the releases of changed images. */
  releases: Release[];
  namespaces: boolean;
  lint: boolean;
}

/** Releases to upgrade, in install order: changed charts and the releases running changed images. */
const releasesFor = (table: readonly ReleaseSpec[], charts: Release[], images: AppName[]) =>
  deployOrder(table)
    .filter((r) => charts.includes(r.name) || (r.app !== undefined && images.includes(r.app)))
    .map((r) => r.name);

/** Workspace packages each image is built from (the turbo graph, flattened). */
const imageInputs: Record<AppName, string[]> = {
  api: [
    'apps/api/',
    'packages/contracts/',
    'packages/db/',
    'packages/agent/',
    'packages/tsconfig/',
  ],
  web: ['apps/web/', 'packages/contracts/', 'packages/db/', 'packages/tsconfig/'],
};
const shared = [
  'pnpm-lock.yaml',
  'pnpm-workspace.yaml',
  'package.json',
  'turbo.json',
  '.dockerignore',
];

/** Paths no image or chart is made from. */
export const IGNORED =
  /(^|\/)(node_modules|\.next|\.turbo|dist|\.data|\.git|coverage|\.tools)(\/|$)|\.image-ref\.json$/;

const norm = (p: string) => p.replace(/\\/g, '/').replace(/^\.\//, '');

/**
 * What a batch of changed files means for the cluster: which images may need rebuilding and
 * which releases upgrading. Chart-only changes rebuild nothing; docs change nothing. Whether a
 * candidate image really changed is then decided by its content tag (see `confirmImages`).
 */
export function decide(
  changed: string[],
  table: readonly ReleaseSpec[] = defaultReleases,
): WatchDecision {
  const paths = changed.map(norm).filter((p) => !IGNORED.test(p));
  const images = new Set<AppName>();
  const charts = new Set<Release>();
  let namespaces = false;
  let lint = false;
  for (const p of paths) {
    if (/\.md$/.test(p) || p.startsWith('docs/')) continue;
    for (const app of apps) {
      if (shared.includes(p) || imageInputs[app].some((prefix) => p.startsWith(prefix)))
        images.add(app);
    }
    const owners = table.filter((r) => p.startsWith(`${r.chart}/`));
    // A chart file no release owns (the todo-lib library chart) can change every release.
    const changedCharts = owners.length || !p.startsWith('k8s/helm/') ? owners : table;
    for (const r of changedCharts) {
      charts.add(r.name);
      lint = true;
    }
    if (p === 'k8s/namespaces.yaml') {
      namespaces = true;
      lint = true;
    }
    if (p === 'k8s/blueprint.yaml') lint = true;
  }
  const imageList = apps.filter((a) => images.has(a));
  const chartList = deployOrder(table)
    .map((r) => r.name)
    .filter((r) => charts.has(r));
  return {
    images: imageList,
    charts: chartList,
    releases: releasesFor(table, chartList, imageList),
    namespaces,
    lint,
  };
}

/** Keeps only the images whose content tag differs from the one running in the cluster. */
export function confirmImages(
  decision: WatchDecision,
  tags: { current: Partial<Record<AppName, string>>; next: Partial<Record<AppName, string>> },
  table: readonly ReleaseSpec[] = defaultReleases,
): WatchDecision {
  const images = decision.images.filter((a) => tags.next[a] !== tags.current[a]);
  return { ...decision, images, releases: releasesFor(table, decision.charts, images) };
}

/** Collects file events and hands them over in batches once they have been quiet for `ms`. */
export function debouncer(ms: number, flush: (paths: string[]) => void) {
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  return {
    push(path: string) {
      if (IGNORED.test(norm(path))) return;
      pending.add(norm(path));
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        const batch = [...pending];
        pending = new Set();
        timer = undefined;
        flush(batch);
      }, ms);
    },
    cancel() {
      if (timer) clearTimeout(timer);
    },
  };
}

export type ReleaseState =
  'building' | 'loading' | 'rolling out' | 'ready' | 'failed' | 'unchanged';

export interface WatchDeps {
  /** The content tag an image would get now (cheap: turbo's hash). */
  nextTag(app: AppName): Promise<string>;
  /** Builds an image; returns its ref, or throws with the failing step. */
  build(app: AppName): Promise<string>;
  /** helm-lint and the blueprint; returns the problems (empty when fine). */
  lint(): Promise<string[]>;
  /** The deploy plan for these images (refs) and releases. */
  plan(
    images: Partial<Record<AppName, string>>,
    releases: Release[],
    namespaces: boolean,
  ): DeployStep[];
  run(step: DeployStep): Promise<{ ok: boolean; output: string }>;
  status(release: Release, state: ReleaseState, detail?: string): void;
  /** Tags running in the cluster now (updated after each successful rollout). */
  current: Partial<Record<AppName, string>>;
  /** The release table (a test adds a row; scripts use the default). */
  releases?: readonly ReleaseSpec[];
}

/**
 * One watch cycle per batch of changes, never two at once: decide, confirm by content tag,
 * build, load, upgrade. A failure is reported and the loop goes on; Helm's rollback keeps the
 * previous release serving.
 */
export function createWatcher(deps: WatchDeps) {
  const table = deps.releases ?? defaultReleases;
  const running = (app: AppName) => deployOrder(table).filter((r) => r.app === app);
  let queue: Promise<void> = Promise.resolve();
  const cycle = async (batch: string[]) => {
    const first = decide(batch, table);
    if (!first.images.length && !first.releases.length && !first.namespaces && !first.lint) return;
    if (first.lint) {
      const problems = await deps.lint();
      if (problems.length) {
        for (const r of first.releases) deps.status(r, 'failed', `helm-lint: ${problems[0]}`);
        return;
      }
    }
    const next: Partial<Record<AppName, string>> = {};
    for (const app of first.images) next[app] = await deps.nextTag(app);
    const d = confirmImages(first, { current: deps.current, next }, table);
    const refs: Partial<Record<AppName, string>> = {};
    const failedReleases = new Set<Release>();
    for (const app of first.images.filter((a) => !d.images.includes(a))) {
      for (const r of running(app).filter((r) => !d.releases.includes(r.name)))
        deps.status(r.name, 'unchanged', 'same image content');
    }
    for (const app of d.images) {
      const affected = running(app).map((r) => r.name);
      for (const r of affected) deps.status(r, 'building');
      try {
        refs[app] = await deps.build(app);
      } catch (err) {
        for (const r of affected) {
          deps.status(r, 'failed', (err as Error).message);
          failedReleases.add(r);
        }
      }
    }
    const releases = d.releases.filter((r) => !failedReleases.has(r));
    if (!releases.length && !d.namespaces) return;
    for (const step of deps.plan(refs, releases, d.namespaces)) {
      // The releases a step is for: its own, or those running the image it loads.
      const forStep =
        step.kind === 'release'
          ? releases.filter((r) => r === step.release)
          : step.kind === 'load'
            ? deployOrder(table)
                .filter((r) => r.app && refs[r.app] === step.image && releases.includes(r.name))
                .map((r) => r.name)
            : [];
      for (const r of forStep) deps.status(r, step.kind === 'load' ? 'loading' : 'rolling out');
      const r = await deps.run(step);
      if (!r.ok) {
        const reason = r.output.trim().split('\n').at(-1) ?? 'failed';
        for (const rel of forStep.length ? forStep : releases) deps.status(rel, 'failed', reason);
        return;
      }
      if (step.kind === 'release') for (const rel of forStep) deps.status(rel, 'ready');
    }
    for (const app of d.images) if (refs[app]) deps.current[app] = next[app];
  };
  return {
    /** Queues a batch; resolves when it has been handled. */
    onBatch(paths: string[]): Promise<void> {
      queue = queue.then(() => cycle(paths)).catch(() => undefined);
      return queue;
    },
  };
}
