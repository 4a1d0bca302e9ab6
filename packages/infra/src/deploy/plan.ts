import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import type { Cluster } from './cluster';
import { defaultImageLoader, loadCommands, type LoaderChoice } from './image-loader';
import type { AppName } from './images';
import { NAMESPACES_FILE, namespacesManifest } from './namespaces';
import { deployOrder, namespaces, releases, type ReleaseSpec } from './releases';
import type { DeployStep } from './steps';

export interface DeployOptions {
  repoRoot: string;
  cluster: Cluster;
  helm: string;
  helmMajor: number;
  kubectl: string;
  tools: { minikube: string; kind: string; k3d: string; docker?: string; ctr?: string };
  /** How images reach the nodes (chooseImageLoader; `--image-loader`); default: by cluster kind. */
  imageLoader?: LoaderChoice;
  /** Values files the target cluster itself provides, per release (the test cluster's postgres image). */
  clusterValues?: Partial<Record<string, string[]>>;
  images: Record<AppName, string>;
  namespacePrefix: string;
  valuesFiles: string[];
  /** Values files for one release only (`--values todo-backend=FILE`), after the shared ones. */
  releaseValues?: Partial<Record<string, string[]>>;
  /** From the environment or .env; never printed or written to disk by the scripts. */
  secrets: { openaiApiKey?: string };
  /** Origins the browser will use (the app URL), trusted by the API for sign-in. */
  trustedOrigins: string[];
  timeout?: string;
  /** The release table (a test adds a row; scripts use the default). */
  releases?: readonly ReleaseSpec[];
}

const tagOf = (ref: string) => ref.slice(ref.lastIndexOf(':') + 1);
const pairs = (flag: string, values: Record<string, string> = {}) =>
  Object.entries(values).flatMap(([k, v]) => [flag, `${k}=${v}`]);

/**
 * The whole deploy as data: load the images the releases run, apply the namespaces, then
 * `helm upgrade --install --wait` each release after the ones it depends on. A failed
 * rollout is rolled back by Helm (`--atomic` in Helm 3, `--rollback-on-failure` in Helm 4).
 */
export function deployPlan(o: DeployOptions): DeployStep[] {
  const table = deployOrder(o.releases ?? releases);
  const ns = namespaces(o.namespacePrefix);
  const ctx = ['--kube-context', o.cluster.context];
  const rollback = o.helmMajor >= 4 ? '--rollback-on-failure' : '--atomic';
  const common = ['--wait', '--timeout', o.timeout ?? '5m0s', rollback, ...ctx];
  const userValues = o.valuesFiles.flatMap((f) => ['--values', f]);
  const steps: DeployStep[] = [];

  const images = [...new Set(table.flatMap((r) => (r.app ? [o.images[r.app]] : [])))];
  const loader = o.imageLoader ?? defaultImageLoader(o.cluster);
  const loadTools = { docker: 'docker', ctr: 'ctr', ...o.tools };
  for (const image of images) {
    for (const load of loadCommands(loader, o.cluster, image, loadTools)) {
      steps.push({
        kind: 'load',
        image,
        title: `load ${image} into ${loader.loader === 'containerd' ? `containerd (${loader.socket})` : o.cluster.kind}${load.args[0] === 'save' ? ': docker save' : ''}`,
        ...load,
      });
    }
  }

  const manifest = namespacesManifest(
    readFileSync(path.join(o.repoRoot, NAMESPACES_FILE), 'utf8'),
    o.namespacePrefix,
  );
  steps.push({
    kind: 'namespaces',
    title: `namespaces ${ns.data}, ${ns.backend}, ${ns.frontend} (Pod Security: restricted)`,
    command: o.kubectl,
    args: ['apply', '--context', o.cluster.context, '-f', '-'],
    input: manifest,
    inputSummary: NAMESPACES_FILE,
  });

  for (const r of table) {
    const namespace = ns[r.role];
    const v = r.values?.({ ns, trustedOrigins: o.trustedOrigins, secrets: o.secrets }) ?? {};
    steps.push({
      kind: 'release',
      release: r.name,
      namespace,
      ...(r.app ? { image: o.images[r.app] } : {}),
      title: `${r.name} → ${namespace}`,
      command: o.helm,
      args: [
        'upgrade',
        '--install',
        r.name,
        path.join(o.repoRoot, r.chart),
        '--namespace',
        namespace,
        ...common,
        ...(r.app ? ['--set', `image.tag=${tagOf(o.images[r.app])}`] : []),
        ...pairs('--set', v.set),
        ...pairs('--set-string', v.setString),
        // The cluster's own values first, so a user's --values still override them.
        ...(o.clusterValues?.[r.name] ?? []).flatMap((f) => ['--values', f]),
        ...userValues,
        ...(o.releaseValues?.[r.name] ?? []).flatMap((f) => ['--values', f]),
        ...(v.stdin ? ['--values', '-'] : []),
      ],
      ...(v.stdin ? { input: stringify(v.stdin.values), inputSummary: v.stdin.summary } : {}),
    });
  }
  return steps;
}

/** The part of a full plan a watch cycle needs: loads of rebuilt images, affected releases. */
export function partialPlan(
  steps: DeployStep[],
  want: { images: string[]; releases: string[]; namespaces: boolean },
): DeployStep[] {
  return steps.filter(
    (s) =>
      (s.kind === 'load' && want.images.includes(s.image ?? '')) ||
      (s.kind === 'release' && want.releases.includes(s.release ?? '')) ||
      (s.kind === 'namespaces' && want.namespaces),
  );
}
