import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NAMESPACES_FILE, namespacesManifest } from '@todo/infra';
import { CheckFailure, CheckSkipped, expect, until, type Check, type Ctx } from './harness';

const POLICY = 'k8s/ai-ops/generated/admission-policy.yaml';

/** A Deployment that keeps every blueprint constraint but one: its image tag is `latest`. */
function latestTagDeployment(ns: string) {
  const sc = {
    runAsNonRoot: true,
    runAsUser: 1000,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
  const probe = (p: string) => ({ httpGet: { path: p, port: 8080 } });
  return JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'e2e-latest', namespace: ns },
    spec: {
      selector: { matchLabels: { app: 'e2e-latest' } },
      template: {
        metadata: { labels: { app: 'e2e-latest' } },
        spec: {
          automountServiceAccountToken: false,
          containers: [
            {
              name: 'api',
              image: 'todo-api:latest',
              securityContext: sc,
              resources: {
                requests: { cpu: '10m', memory: '32Mi' },
                limits: { cpu: '100m', memory: '64Mi' },
              },
              livenessProbe: probe('/healthz'),
              readinessProbe: probe('/readyz'),
            },
          ],
        },
      },
    },
  });
}

async function deniedByBlueprint(ctx: Ctx, ns: string): Promise<string> {
  const r = await ctx.sh(ctx.kubectl, ['apply', '--dry-run=server', '-f', '-'], {
    input: latestTagDeployment(ns),
  });
  const out = `${r.stdout}${r.stderr}`;
  if (r.exitCode === 0 || !/blueprint [\d.]+ \[no-latest-tag\]/.test(out)) {
    throw new CheckFailure(
      `a Deployment with image todo-api:latest in ${ns} was not denied with the blueprint's message: ${out.trim().slice(0, 300)}`,
    );
  }
  return out;
}

const admissionPolicy: Check = {
  n: 12,
  name: 'the generated ValidatingAdmissionPolicy: no type warnings, denies with the blueprint message, admits every chart render',
  async run(ctx) {
    await ctx.k(['apply', '-f', path.join(ctx.repoRoot, POLICY)]);
    // The type checker reports on the generation it saw: wait for the one just applied.
    const status = await until('the policy type-checked', 120_000, async () => {
      const p = JSON.parse(
        await ctx.k(['get', 'validatingadmissionpolicy', 'todo-blueprint', '-o', 'json']),
      ) as {
        metadata: { generation: number };
        status?: {
          observedGeneration?: number;
          typeChecking?: { expressionWarnings?: { fieldRef: string; warning: string }[] };
        };
      };
      if (p.status?.observedGeneration !== p.metadata.generation)
        throw new Error('not type-checked yet');
      return { typeChecking: p.status.typeChecking ?? {} };
    });
    // Every problem is collected, so one run names all of them.
    const problems: string[] = [];
    const warnings = status.typeChecking.expressionWarnings ?? [];
    if (warnings.length) {
      problems.push(
        `type-checking warnings: ${warnings.map((w) => `${w.fieldRef}: ${w.warning.split('\n')[0]}`).join('; ')}`,
      );
    }
    // The binding takes effect a moment after it is created.
    await until('the policy denying a Deployment in todo-backend', 60_000, () =>
      deniedByBlueprint(ctx, 'todo-backend'),
    );

    // Namespaces made with --namespace-prefix are bound too; the renders below go there (fresh
    // namespaces: a server dry run against the live releases would also test immutable fields).
    const manifest = namespacesManifest(
      readFileSync(path.join(ctx.repoRoot, NAMESPACES_FILE), 'utf8'),
      'e2e-p-',
    );
    const names = ['e2e-p-data', 'e2e-p-backend', 'e2e-p-frontend'];
    await ctx.sh(ctx.kubectl, [
      'delete',
      'namespace',
      ...names,
      '--ignore-not-found',
      '--wait=true',
    ]);
    await ctx.k(['apply', '-f', '-'], manifest);
    // The policy's no-service-account-token rule also refuses the controller-made `default`
    // ServiceAccount of a new namespace (it mounts tokens), and the charts' helm test pods run
    // as `default`: give each fresh namespace one that complies.
    for (const ns of names) {
      await ctx.k(
        ['apply', '-f', '-'],
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: 'default', namespace: ns },
          automountServiceAccountToken: false,
        }),
      );
    }
    const fresh = {
      'todo-data': 'e2e-p-data',
      'todo-backend': 'e2e-p-backend',
      'todo-frontend': 'e2e-p-frontend',
    } as Record<string, string>;
    let bound = true;
    await until('the policy denying in e2e-p-backend', 30_000, () =>
      deniedByBlueprint(ctx, 'e2e-p-backend'),
    ).catch((e: Error) => {
      bound = false;
      problems.push(`namespaces made with --namespace-prefix escape the policy: ${e.message}`);
    });

    // Every object the charts render, with each ci/*.yaml values file (and config.authUrl set).
    const renders: { chart: string; ns: string; args: string[] }[] = [];
    const charts = [
      { chart: 'postgres', ns: 'todo-data' },
      { chart: 'todo-backend', ns: 'todo-backend' },
      { chart: 'todo-frontend', ns: 'todo-frontend' },
    ];
    for (const c of charts) {
      const dir = path.join(ctx.repoRoot, 'k8s/helm', c.chart);
      const base = ['--set', 'image.tag=e2e'];
      renders.push({ ...c, args: base });
      for (const f of readdirSync(path.join(dir, 'ci')))
        renders.push({ ...c, args: [...base, '-f', path.join(dir, 'ci', f)] });
    }
    renders.push({
      chart: 'todo-backend',
      ns: 'todo-backend',
      args: ['--set', 'image.tag=e2e', '--set', 'config.authUrl=http://127.0.0.1:8080'],
    });
    for (const r of bound ? renders : []) {
      const ns = fresh[r.ns]!;
      const yaml = await ctx.must(ctx.helm, [
        'template',
        r.chart,
        path.join(ctx.repoRoot, 'k8s/helm', r.chart),
        '-n',
        ns,
        ...r.args,
      ]);
      const a = await ctx.sh(ctx.kubectl, ['apply', '--dry-run=server', '-n', ns, '-f', '-'], {
        input: yaml,
      });
      if (a.exitCode !== 0) {
        const errors = a.stderr.split('\n').filter((l) => l && !l.startsWith('Warning:'));
        problems.push(
          `${r.chart} rendered with ${r.args
            .filter((x) => x !== '--set' && x !== '-f')
            .map((x) => path.basename(x))
            .join(' ')} was not admitted: ${errors.slice(0, 3).join(' | ').slice(0, 400)}`,
        );
      }
    }
    await ctx.sh(ctx.kubectl, ['delete', 'namespace', ...Object.values(fresh), '--wait=false']);

    // kubectl debug: an ephemeral container is a pod change the policy must see too.
    const pod = (
      await ctx.k([
        'get',
        'pods',
        '-n',
        'todo-backend',
        '-l',
        'app.kubernetes.io/name=todo-backend',
        '-o',
        'jsonpath={.items[0].metadata.name}',
      ])
    ).trim();
    const dbg = await ctx.sh(ctx.kubectl, [
      'debug',
      '-n',
      'todo-backend',
      pod,
      `--image=${ctx.busybox}`,
      '--image-pull-policy=Never',
      // Pod Security (restricted) alone would stop a root debug container: this one passes it,
      // so only the blueprint (allowed images, read-only root) can refuse it.
      '--profile=restricted',
      '-c',
      `e2e-debug-${Date.now()}`,
      '--',
      'true',
    ]);
    if (!(dbg.exitCode !== 0 && /blueprint/.test(dbg.stderr))) {
      problems.push(
        `kubectl debug added a busybox container to ${pod} past the policy: ${(dbg.stdout + dbg.stderr).trim().slice(0, 200)}`,
      );
    }

    // Leaves the cluster as it found it: e2e:ai-ops applies the guardrails itself, later.
    await ctx.sh(ctx.kubectl, [
      'delete',
      '-f',
      path.join(ctx.repoRoot, POLICY),
      '--ignore-not-found',
    ]);
    expect(problems.length === 0, problems.join('\n'));
    return `0 type warnings; latest tag denied; ${renders.length} renders admitted; kubectl debug denied; prefix namespaces bound`;
  },
};

const SA = 'system:serviceaccount:todo-ai-ops:kubectl-ai';

const rbacMatrix: Check = {
  n: 13,
  name: 'the generated RBAC: kubectl-ai can read, cannot touch secrets, delete, RBAC or other namespaces; ai:kubeconfig --apply-rbac works',
  async run(ctx) {
    // ai:kubeconfig --apply-rbac on a cluster without kagent: the documented first step.
    await ctx.sh(ctx.kubectl, [
      'delete',
      'namespace',
      'kagent',
      '--ignore-not-found',
      '--wait=true',
    ]);
    const dir = mkdtempSync(path.join(tmpdir(), 'e2e-kubeconfig-'));
    const out = path.join(dir, 'kubectl-ai.yaml');
    try {
      await ctx.must('pnpm', [
        'run',
        '--silent',
        'ai:kubeconfig',
        '--apply-rbac',
        '--duration',
        '10m',
        '--out',
        out,
      ]);
      const can = async (args: string[]) =>
        (await ctx.sh(ctx.kubectl, ['auth', 'can-i', `--as=${SA}`, ...args])).stdout.trim() ===
        'yes';
      const yes = [
        ['get', 'pods', '-n', 'todo-backend'],
        ['list', 'deployments', '-n', 'todo-frontend'],
        ['get', 'pods', '--subresource=log', '-n', 'todo-backend'],
        ['get', 'statefulsets', '-n', 'todo-data'],
        ['list', 'events', '-n', 'todo-data'],
      ];
      const no = [
        ['get', 'secrets', '-n', 'todo-data'],
        ['list', 'secrets', '-n', 'todo-backend'],
        ['delete', 'pods', '-n', 'todo-backend'],
        ['delete', 'deployments', '-n', 'todo-backend'],
        ['patch', 'statefulsets', '-n', 'todo-data'],
        ['delete', 'persistentvolumeclaims', '-n', 'todo-data'],
        ['patch', 'persistentvolumeclaims', '-n', 'todo-data'],
        ['create', 'roles', '-n', 'todo-backend'],
        ['create', 'rolebindings', '-n', 'todo-backend'],
        ['create', 'clusterrolebindings'],
        ['get', 'pods', '-n', 'kube-system'],
        ['get', 'pods', '-n', 'default'],
        ['create', 'pods/exec', '-n', 'todo-backend'],
      ];
      const wrong = [
        ...(await Promise.all(
          yes.map(async (a) => ((await can(a)) ? '' : `cannot ${a.join(' ')}`)),
        )),
        ...(await Promise.all(no.map(async (a) => ((await can(a)) ? `can ${a.join(' ')}` : '')))),
      ].filter(Boolean);
      expect(wrong.length === 0, `RBAC differs from the blueprint: ${wrong.join('; ')}`);

      const get = await ctx.sh(ctx.kubectl, [
        '--kubeconfig',
        out,
        'get',
        'pods',
        '-n',
        'todo-backend',
      ]);
      expect(
        get.exitCode === 0,
        `the minted kubeconfig cannot list pods in todo-backend: ${get.stderr.trim()}`,
      );
      const secrets = await ctx.sh(ctx.kubectl, [
        '--kubeconfig',
        out,
        'get',
        'secrets',
        '-n',
        'todo-data',
      ]);
      expect(
        secrets.exitCode !== 0 && /Forbidden/.test(secrets.stderr),
        `the minted kubeconfig can read secrets in todo-data: ${secrets.stdout.slice(0, 100)}`,
      );
      return `${yes.length} allowed and ${no.length} refused as the blueprint says; minted kubeconfig works, secrets Forbidden`;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

const kagentManifests: Check = {
  n: 14,
  name: "kagent's CRDs at the pinned version applied; the project's kagent manifests pass server dry-run",
  async run(ctx) {
    const crds = await ctx.sh('bash', [path.join(ctx.repoRoot, 'tools/kagent/crds.sh')]);
    if (crds.exitCode !== 0)
      throw new CheckSkipped(
        `kagent CRDs unavailable: ${crds.stderr.trim().split('\n').slice(0, 2).join(' ')}`,
      );
    const dir = crds.stdout.trim().split('\n').at(-1)!;
    await ctx.k(['apply', '--server-side', '-f', dir]);
    for (const f of readdirSync(dir)) {
      const name = f
        .replace(/\.yaml$/, '')
        .split('_')
        .reverse()
        .join('.');
      await ctx.k(['wait', '--for=condition=Established', `crd/${name}`, '--timeout=60s']);
    }
    await ctx.sh(ctx.kubectl, ['create', 'namespace', 'kagent']);
    const manifests = path.join(ctx.repoRoot, 'k8s/ai-ops/kagent');
    const r = await ctx.sh(ctx.kubectl, ['apply', '--dry-run=server', '-f', manifests]);
    expect(
      r.exitCode === 0,
      `kagent manifests refused: ${r.stderr.trim().split('\n').slice(0, 4).join(' | ')}`,
    );
    return `${readdirSync(manifests).length} manifests admitted`;
  },
};

export const policyChecks: Check[] = [admissionPolicy, rbacMatrix, kagentManifests];
