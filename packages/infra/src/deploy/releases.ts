import path from 'node:path';
import type { AppName } from './images';

/** The app's three namespaces, by what runs in them; a prefix makes their names. */
export const namespaceRoles = ['frontend', 'backend', 'data'] as const;
export type NamespaceRole = (typeof namespaceRoles)[number];
export type Namespaces = Record<NamespaceRole, string>;

export const DEFAULT_PREFIX = 'todo-';

export function namespaces(prefix: string = DEFAULT_PREFIX): Namespaces {
  return { frontend: `${prefix}frontend`, backend: `${prefix}backend`, data: `${prefix}data` };
}

/** The facts of one deploy that a release's values are made from. */
export interface ReleaseContext {
  ns: Namespaces;
  /** Origins the browser will use (the app URL), trusted by the API for sign-in. */
  trustedOrigins: string[];
  /** From the environment or .env; they reach Helm on stdin only. */
  secrets: { openaiApiKey?: string };
}

export interface ReleaseValues {
  /** `--set key=value` pairs. */
  set?: Record<string, string>;
  /** `--set-string key=value` pairs (values Helm must not reinterpret). */
  setString?: Record<string, string>;
  /** Values with secrets, passed as `--values -`; `summary` names them for --dry-run. */
  stdin?: { values: Record<string, unknown>; summary: string };
}

/** One Helm release of the app: a row of the table everything else reads. */
export interface ReleaseSpec {
  /** Helm release name; also the `app.kubernetes.io/instance` label of its pods. */
  name: string;
  /** The chart's folder, relative to the repository root. */
  chart: string;
  /** Which of the app's namespaces it installs into. */
  role: NamespaceRole;
  /** What `pnpm run logs <component>` calls it. */
  component: string;
  /** The app image it runs (built from apps/<app>); its tag is set as `image.tag`. */
  app?: AppName;
  /** Releases that must be ready before this one is installed. */
  dependsOn: string[];
  /** Values that wire it to the others (their namespaces) and to this deploy. */
  values?: (c: ReleaseContext) => ReleaseValues;
}

/**
 * The app's releases. Adding a chart is one row here plus its folder under k8s/helm: deploy,
 * watch, helm-lint, status, logs, teardown, RBAC and the admission policy all read this table.
 */
export const releases: readonly ReleaseSpec[] = [
  {
    name: 'postgres',
    chart: 'k8s/helm/postgres',
    role: 'data',
    component: 'postgres',
    dependsOn: [],
    values: ({ ns }) => ({ set: { 'networkPolicy.clientNamespace': ns.backend } }),
  },
  {
    name: 'todo-backend',
    chart: 'k8s/helm/todo-backend',
    role: 'backend',
    component: 'backend',
    app: 'api',
    dependsOn: ['postgres'],
    values: ({ ns, trustedOrigins, secrets }) => ({
      set: { 'postgres.namespace': ns.data, 'networkPolicy.frontendNamespace': ns.frontend },
      // Helm splits --set values on commas: escape them inside the one list value.
      setString: { 'config.trustedOrigins': trustedOrigins.join('\\,') },
      ...(secrets.openaiApiKey
        ? {
            stdin: {
              values: { secrets: { openaiApiKey: secrets.openaiApiKey } },
              summary: 'secrets.openaiApiKey from OPENAI_API_KEY',
            },
          }
        : {}),
    }),
  },
  {
    name: 'todo-frontend',
    chart: 'k8s/helm/todo-frontend',
    role: 'frontend',
    component: 'frontend',
    app: 'web',
    dependsOn: ['todo-backend'],
    values: ({ ns }) => ({ set: { 'backend.namespace': ns.backend } }),
  },
];

/** Install order: every release after the ones it depends on (table order among equals). */
export function deployOrder(table: readonly ReleaseSpec[] = releases): ReleaseSpec[] {
  const byName = new Map(table.map((r) => [r.name, r]));
  const done = new Set<string>();
  const order: ReleaseSpec[] = [];
  const visit = (r: ReleaseSpec, path: string[]) => {
    if (done.has(r.name)) return;
    if (path.includes(r.name))
      throw new Error(`releases depend on each other in a cycle: ${[...path, r.name].join(' → ')}`);
    for (const dep of r.dependsOn) {
      const d = byName.get(dep);
      if (!d) throw new Error(`release ${r.name} depends on ${dep}, which is not in the table`);
      visit(d, [...path, r.name]);
    }
    done.add(r.name);
    order.push(r);
  };
  for (const r of table) visit(r, []);
  return order;
}

/** Uninstall order (and the order status and logs list them): dependents first. */
export function removalOrder(table: readonly ReleaseSpec[] = releases): ReleaseSpec[] {
  return deployOrder(table).reverse();
}

/** The namespaces the releases use, in role order (frontend, backend, data). */
export function appNamespaces(
  prefix: string = DEFAULT_PREFIX,
  table: readonly ReleaseSpec[] = releases,
): string[] {
  const ns = namespaces(prefix);
  return namespaceRoles.filter((role) => table.some((r) => r.role === role)).map((r) => ns[r]);
}

/** The chart folder's name (what `helm-lint --chart` and the pre-commit hook call it). */
export const chartName = (r: ReleaseSpec) => path.posix.basename(r.chart);

/** The releases that run an app's image. */
export const releasesRunning = (app: AppName, table: readonly ReleaseSpec[] = releases) =>
  deployOrder(table).filter((r) => r.app === app);
