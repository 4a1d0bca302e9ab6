import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { loadImageCommand, type Cluster } from './cluster';
import type { CommandRunner } from './runner';

/** One external command of the deploy, exactly as it will run. */
export interface DeployStep {
  title: string;
  command: string;
  args: string[];
  /** Standard input (values with secrets): passed to the command, never printed. */
  input?: string;
  /** What the input holds, for --dry-run output (names only, never values). */
  inputSummary?: string;
  /** Skipped when this command's output contains `contains` (e.g. the image is already loaded). */
  skipIf?: { command: string; args: string[]; contains: string };
}

export interface DeployOptions {
  repoRoot: string;
  cluster: Cluster;
  helm: string;
  helmMajor: number;
  kubectl: string;
  tools: { minikube: string; kind: string; k3d: string };
  images: { api: string; web: string };
  namespacePrefix: string;
  valuesFiles: string[];
  /** From the environment or .env; never printed or written to disk by the scripts. */
  secrets: { openaiApiKey?: string };
  /** Origins the browser will use (the app URL), trusted by the API for sign-in. */
  trustedOrigins: string[];
  timeout?: string;
}

export function namespaces(prefix: string) {
  return { frontend: `${prefix}frontend`, backend: `${prefix}backend`, data: `${prefix}data` };
}

const tagOf = (ref: string) => ref.slice(ref.lastIndexOf(':') + 1);

/**
 * The whole deploy as data: load images into the cluster, apply the namespaces, then
 * `helm upgrade --install --wait` postgres → backend → frontend. A failed rollout is rolled
 * back by Helm (`--atomic` in Helm 3, `--rollback-on-failure` in Helm 4).
 */
export function deployPlan(o: DeployOptions): DeployStep[] {
  const ns = namespaces(o.namespacePrefix);
  const ctx = ['--kube-context', o.cluster.context];
  const rollback = o.helmMajor >= 4 ? '--rollback-on-failure' : '--atomic';
  const common = ['--wait', '--timeout', o.timeout ?? '5m0s', rollback, ...ctx];
  const userValues = o.valuesFiles.flatMap((f) => ['--values', f]);
  const steps: DeployStep[] = [];

  for (const image of [o.images.api, o.images.web]) {
    const load = loadImageCommand(o.cluster, image, o.tools);
    if (!load) continue;
    steps.push({
      title: `load ${image} into ${o.cluster.kind}`,
      ...load,
      // minikube re-sends the whole image every time; ask it first (a warm redeploy skips this).
      ...(o.cluster.kind === 'minikube'
        ? {
            skipIf: {
              command: o.tools.minikube,
              args: ['image', 'ls', '--profile', o.cluster.name],
              contains: image,
            },
          }
        : {}),
    });
  }

  const namespaceYaml = readFileSync(path.join(o.repoRoot, 'k8s/namespaces.yaml'), 'utf8').replace(
    /name: todo-(frontend|backend|data)$/gm,
    (_m, part: string) => `name: ${o.namespacePrefix}${part}`,
  );
  steps.push({
    title: `namespaces ${ns.data}, ${ns.backend}, ${ns.frontend} (Pod Security: restricted)`,
    command: o.kubectl,
    args: ['apply', '--context', o.cluster.context, '-f', '-'],
    input: namespaceYaml,
    inputSummary: 'k8s/namespaces.yaml',
  });

  const chart = (name: string) => path.join(o.repoRoot, 'k8s/helm', name);
  steps.push({
    title: `postgres → ${ns.data}`,
    command: o.helm,
    args: [
      'upgrade',
      '--install',
      'postgres',
      chart('postgres'),
      '--namespace',
      ns.data,
      ...common,
      '--set',
      `networkPolicy.clientNamespace=${ns.backend}`,
      ...userValues,
    ],
  });

  const backendSecrets: Record<string, unknown> = {};
  if (o.secrets.openaiApiKey) backendSecrets.secrets = { openaiApiKey: o.secrets.openaiApiKey };
  const hasSecrets = Object.keys(backendSecrets).length > 0;
  steps.push({
    title: `todo-backend → ${ns.backend}`,
    command: o.helm,
    args: [
      'upgrade',
      '--install',
      'todo-backend',
      chart('todo-backend'),
      '--namespace',
      ns.backend,
      ...common,
      '--set',
      `image.tag=${tagOf(o.images.api)}`,
      '--set',
      `postgres.namespace=${ns.data}`,
      '--set',
      `networkPolicy.frontendNamespace=${ns.frontend}`,
      '--set-string',
      `config.trustedOrigins=${o.trustedOrigins.join('\\,')}`,
      ...userValues,
      ...(hasSecrets ? ['--values', '-'] : []),
    ],
    ...(hasSecrets
      ? {
          input: stringify(backendSecrets),
          inputSummary: 'secrets.openaiApiKey from OPENAI_API_KEY',
        }
      : {}),
  });

  steps.push({
    title: `todo-frontend → ${ns.frontend}`,
    command: o.helm,
    args: [
      'upgrade',
      '--install',
      'todo-frontend',
      chart('todo-frontend'),
      '--namespace',
      ns.frontend,
      ...common,
      '--set',
      `image.tag=${tagOf(o.images.web)}`,
      '--set',
      `backend.namespace=${ns.backend}`,
      ...userValues,
    ],
  });
  return steps;
}

/** The part of a full plan a watch cycle needs: loads of rebuilt images, affected releases. */
export function partialPlan(
  steps: DeployStep[],
  want: { images: string[]; releases: string[]; namespaces: boolean },
): DeployStep[] {
  return steps.filter(
    (s) =>
      (s.title.startsWith('load ') &&
        want.images.some(
          (ref) => s.title === `load ${ref}` || s.title.startsWith(`load ${ref} `),
        )) ||
      (s.args[0] === 'upgrade' && want.releases.includes(s.args[2] ?? '')) ||
      (want.namespaces && s.inputSummary === 'k8s/namespaces.yaml'),
  );
}

/** The plan as a reviewer reads it: one command per line, stdin described, never shown. */
export function formatPlan(steps: DeployStep[]): string {
  return steps
    .map((s, i) => {
      const args = s.args.map((a) => (/[\s"'$\\]/.test(a) ? JSON.stringify(a) : a)).join(' ');
      const stdin = s.inputSummary ? `   # stdin: ${s.inputSummary}` : '';
      return `${i + 1}. ${s.title}\n   ${s.command} ${args}${stdin}`;
    })
    .join('\n');
}

export interface StepResult {
  step: DeployStep;
  ok: boolean;
  skipped?: boolean;
  ms: number;
  output: string;
}

/** Runs the plan in order and stops at the first failure. */
export async function runPlan(
  runner: CommandRunner,
  steps: DeployStep[],
  onStep?: (r: StepResult) => void,
  onStart?: (step: DeployStep) => void,
): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const step of steps) {
    onStart?.(step);
    const started = performance.now();
    if (step.skipIf) {
      const check = await runner.run(step.skipIf.command, step.skipIf.args);
      if (check.exitCode === 0 && check.stdout.includes(step.skipIf.contains)) {
        const result = {
          step,
          ok: true,
          skipped: true,
          ms: Math.round(performance.now() - started),
          output: '',
        };
        results.push(result);
        onStep?.(result);
        continue;
      }
    }
    const r = await runner.run(step.command, step.args, { input: step.input });
    const result = {
      step,
      ok: r.exitCode === 0,
      ms: Math.round(performance.now() - started),
      output: `${r.stdout}${r.stderr}`,
    };
    results.push(result);
    onStep?.(result);
    if (!result.ok) break;
  }
  return results;
}

interface PodList {
  items: {
    metadata: { name: string };
    status: {
      phase?: string;
      containerStatuses?: {
        name: string;
        ready?: boolean;
        restartCount?: number;
        state?: {
          waiting?: { reason?: string; message?: string };
          terminated?: { reason?: string; exitCode?: number };
        };
        lastState?: { terminated?: { reason?: string; exitCode?: number } };
      }[];
      conditions?: { type: string; status: string; reason?: string; message?: string }[];
    };
  }[];
}

const causes: [RegExp, string, string][] = [
  [
    /ErrImageNeverPull|ErrImagePull|ImagePullBackOff/,
    'the image is not in the cluster (it was not loaded, or the tag differs)',
    'pnpm run deploy   # builds and loads the images again',
  ],
  [
    /CrashLoopBackOff|Error|OOMKilled/,
    'the container starts and then exits: read its last log lines above',
    'kubectl logs --previous -n <namespace> <pod>',
  ],
  [
    /Unschedulable|FailedScheduling|unbound immediate PersistentVolumeClaims|pod has unbound/,
    'the pod cannot be scheduled: not enough CPU/memory, or its volume cannot be provisioned',
    'kubectl get pvc -A; kubectl describe nodes',
  ],
  [
    /CreateContainerConfigError/,
    'a ConfigMap or Secret the pod needs is missing',
    'kubectl get secrets,configmaps -n <namespace>',
  ],
];

/**
 * After a failed rollout: the failing pods, their recent events and last log lines, the
 * likely cause, the next command, and a prompt to paste into kubectl-ai.
 */
export async function diagnose(
  runner: CommandRunner,
  kubectl: string,
  context: string,
  namespace: string,
  release: string,
): Promise<string> {
  const pods = await runner.run(kubectl, [
    'get',
    'pods',
    '--context',
    context,
    '-n',
    namespace,
    '-l',
    `app.kubernetes.io/instance=${release}`,
    '-o',
    'json',
  ]);
  let list: PodList = { items: [] };
  try {
    list = JSON.parse(pods.stdout) as PodList;
  } catch {
    return `Could not list pods in ${namespace}: ${pods.stderr.trim()}`;
  }
  const lines: string[] = [`Rollout of ${release} in ${namespace} failed; Helm rolled it back.`];
  const reasons: string[] = [];
  for (const pod of list.items) {
    const statuses = pod.status.containerStatuses ?? [];
    const bad = statuses.filter((s) => !s.ready);
    const unscheduled = pod.status.conditions?.find(
      (c) => c.type === 'PodScheduled' && c.status === 'False',
    );
    if (!bad.length && !unscheduled && pod.status.phase === 'Running') continue;
    const why = [
      ...bad.map(
        (s) =>
          `${s.name}: ${s.state?.waiting?.reason ?? s.state?.terminated?.reason ?? 'not ready'}${s.restartCount ? ` (${s.restartCount} restarts)` : ''}`,
      ),
      ...(unscheduled
        ? [`unscheduled: ${unscheduled.reason ?? ''} ${unscheduled.message ?? ''}`.trim()]
        : []),
    ];
    reasons.push(...why);
    lines.push(`\npod ${pod.metadata.name} (${pod.status.phase ?? 'Unknown'}): ${why.join('; ')}`);
    const events = await runner.run(kubectl, [
      'get',
      'events',
      '--context',
      context,
      '-n',
      namespace,
      '--field-selector',
      `involvedObject.name=${pod.metadata.name}`,
      '--sort-by',
      '.lastTimestamp',
      '-o',
      'custom-columns=REASON:.reason,MESSAGE:.message',
      '--no-headers',
    ]);
    const recent = events.stdout.trim().split('\n').filter(Boolean).slice(-5);
    if (recent.length)
      lines.push('  events:', ...recent.map((e) => `    ${e.replace(/\s+/, ': ')}`));
    reasons.push(...recent);
    const logs = await runner.run(kubectl, [
      'logs',
      '--context',
      context,
      '-n',
      namespace,
      pod.metadata.name,
      '--all-containers',
      '--tail',
      '10',
    ]);
    const logLines = logs.stdout.trim().split('\n').filter(Boolean).slice(-10);
    if (logLines.length) lines.push('  last log lines:', ...logLines.map((l) => `    ${l}`));
  }
  const text = reasons.join('\n');
  const cause = causes.find(([pattern]) => pattern.test(text));
  lines.push(
    '',
    `Likely cause: ${cause ? cause[1] : 'not recognised; see the events and logs above'}`,
    `Next: ${cause ? cause[2].replace(/<namespace>/g, namespace) : `kubectl describe pods -n ${namespace} -l app.kubernetes.io/instance=${release}`}`,
    `Ask kubectl-ai: kubectl-ai "the ${release} pods in namespace ${namespace} are not becoming ready (${reasons[0] ?? 'unknown reason'}); find the cause and propose a fix without deleting anything"`,
  );
  return lines.join('\n');
}
