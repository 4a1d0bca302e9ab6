import { CheckFailure, expect, until, type Ctx } from './harness';

export const NS = { frontend: 'todo-frontend', backend: 'todo-backend', data: 'todo-data' };
export const APP_NAMESPACES = [NS.frontend, NS.backend, NS.data];
export const RELEASES = [
  { name: 'postgres', ns: NS.data },
  { name: 'todo-backend', ns: NS.backend },
  { name: 'todo-frontend', ns: NS.frontend },
];

export interface PodFact {
  ns: string;
  name: string;
  uid: string;
  owner: string;
  restarts: number;
  ready: boolean;
  phase: string;
}

interface PodJson {
  metadata: {
    name: string;
    uid: string;
    ownerReferences?: { name: string }[];
    deletionTimestamp?: string;
  };
  status: {
    phase: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: { restartCount: number }[];
  };
}

/** The app's pods (helm test pods and throwaway probes excluded), as facts to compare. */
export async function appPods(ctx: Ctx, nss = APP_NAMESPACES): Promise<PodFact[]> {
  const out: PodFact[] = [];
  for (const ns of nss) {
    const items = JSON.parse(
      await ctx.k([
        'get',
        'pods',
        '-n',
        ns,
        '-l',
        'app.kubernetes.io/part-of=todo,app.kubernetes.io/component!=test',
        '-o',
        'json',
      ]),
    ).items as PodJson[];
    for (const p of items) {
      if (p.metadata.deletionTimestamp) continue;
      out.push({
        ns,
        name: p.metadata.name,
        uid: p.metadata.uid,
        owner: p.metadata.ownerReferences?.[0]?.name ?? '',
        restarts: (p.status.containerStatuses ?? []).reduce((a, c) => a + c.restartCount, 0),
        ready: p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
        phase: p.status.phase,
      });
    }
  }
  return out;
}

export const podLine = (p: PodFact) =>
  `${p.ns}/${p.name} (uid ${p.uid.slice(0, 8)}, owner ${p.owner}, restarts ${p.restarts})`;

/** Every app pod Ready, and at least one per namespace. */
export async function allReady(ctx: Ctx): Promise<PodFact[]> {
  return until('every app pod Ready', 300_000, async () => {
    const pods = await appPods(ctx);
    for (const ns of APP_NAMESPACES) {
      if (!pods.some((p) => p.ns === ns)) throw new CheckFailure(`no pod in ${ns}`);
    }
    const notReady = pods.filter((p) => !p.ready);
    if (notReady.length) throw new CheckFailure(`not Ready: ${notReady.map(podLine).join(', ')}`);
    return pods;
  });
}

/** The restricted Pod Security context (the namespaces enforce it). */
export const restrictedSc = {
  allowPrivilegeEscalation: false,
  runAsNonRoot: true,
  runAsUser: 65534,
  runAsGroup: 65534,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/** A throwaway busybox pod (sleeping) in `ns`, Ready; returns a function running sh in it. */
export async function throwawayPod(ctx: Ctx, ns: string, name: string) {
  await ctx.sh(ctx.kubectl, ['delete', 'pod', '-n', ns, name, '--ignore-not-found', '--wait=true']);
  await ctx.k(
    ['apply', '-f', '-'],
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: ns, labels: { 'todo-e2e': 'probe' } },
      spec: {
        terminationGracePeriodSeconds: 0,
        automountServiceAccountToken: false,
        containers: [
          {
            name,
            image: ctx.busybox,
            imagePullPolicy: 'Never',
            command: ['/bin/sh', '-c', 'exec sleep 3600'],
            securityContext: restrictedSc,
          },
        ],
      },
    }),
  );
  await ctx.k(['wait', '-n', ns, '--for=condition=Ready', `pod/${name}`, '--timeout=120s']);
  return {
    sh: (script: string) =>
      ctx.sh(ctx.kubectl, ['exec', '-n', ns, name, '--', '/bin/sh', '-c', script]),
    remove: () => ctx.sh(ctx.kubectl, ['delete', 'pod', '-n', ns, name, '--wait=false']),
  };
}

/** Runs a Node one-liner inside a Deployment's pod (the app images have Node, not a shell). */
export function nodeIn(ctx: Ctx, ns: string, deploy: string, js: string) {
  return ctx.sh(ctx.kubectl, ['exec', '-n', ns, `deploy/${deploy}`, '--', 'node', '-e', js]);
}

export function sameSet(a: string[], b: string[]) {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

export { expect };
