import type { CommandRunner } from '../tools/runner';

interface Terminated {
  reason?: string;
  exitCode?: number;
  /** With terminationMessagePolicy FallbackToLogsOnError: the last log lines of a failed run. */
  message?: string;
}

interface ContainerStatus {
  name: string;
  ready?: boolean;
  restartCount?: number;
  state?: { waiting?: { reason?: string; message?: string }; terminated?: Terminated };
  lastState?: { terminated?: Terminated };
}

interface PodList {
  items: {
    metadata: { name: string };
    status: {
      phase?: string;
      containerStatuses?: ContainerStatus[];
      initContainerStatuses?: ContainerStatus[];
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

/** What the release's pods show: a line per failing pod with its events and last log lines. */
export interface Inspection {
  lines: string[];
  /** The reasons, events and log lines the likely cause is matched against. */
  reasons: string[];
}

/** The release's failing pods now (none when every pod is Ready, or when they are gone). */
export async function inspectRelease(
  runner: CommandRunner,
  kubectl: string,
  context: string,
  namespace: string,
  release: string,
): Promise<Inspection> {
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
    return { lines: [`Could not list pods in ${namespace}: ${pods.stderr.trim()}`], reasons: [] };
  }
  const lines: string[] = [];
  const reasons: string[] = [];
  for (const pod of list.items) {
    // Init containers too: a migration that exits keeps the app container waiting forever.
    const statuses = [
      ...(pod.status.initContainerStatuses ?? []),
      ...(pod.status.containerStatuses ?? []),
    ];
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
    // A container in back-off has no current log: its last failed run says why it exited. The
    // pod status keeps that run's last lines (FallbackToLogsOnError) after the kubelet removed
    // the container and its log, as it does when Helm's rollback scales the pod away.
    for (const st of bad.filter((b) => b.restartCount || b.state?.terminated)) {
      const kept = (st.state?.terminated ?? st.lastState?.terminated)?.message?.trim();
      let prevLines = kept ? kept.split('\n').filter(Boolean).slice(-10) : [];
      let label = 'last exit';
      if (!prevLines.length) {
        const prev = await runner.run(kubectl, [
          'logs', '--context', context, '-n', namespace, pod.metadata.name, '-c', st.name, '--previous', '--tail', '10',
        ]); // prettier-ignore
        prevLines = prev.stdout.trim().split('\n').filter(Boolean).slice(-10);
        label = 'previous run';
      }
      logLines.push(...prevLines.map((l) => `[${st.name}, ${label}] ${l}`));
      reasons.push(...prevLines);
    }
    if (logLines.length) lines.push('  last log lines:', ...logLines.map((l) => `    ${l}`));
  }
  return { lines, reasons };
}

const likelyCause = (reasons: string[]) =>
  causes.find(([pattern]) => pattern.test(reasons.join('\n')));

/** The report: the pods, the likely cause, the next command, and a prompt for kubectl-ai. */
export function explain(
  namespace: string,
  release: string,
  found: Inspection,
  note?: string,
): string {
  const { lines, reasons } = found;
  const cause = likelyCause(reasons);
  return [
    `Rollout of ${release} in ${namespace} failed; Helm rolled it back.`,
    ...(note ? [note] : []),
    ...lines,
    '',
    `Likely cause: ${cause ? cause[1] : 'not recognised; see the events and logs above'}`,
    `Next: ${cause ? cause[2].replace(/<namespace>/g, namespace) : `kubectl describe pods -n ${namespace} -l app.kubernetes.io/instance=${release}`}`,
    `Ask kubectl-ai: kubectl-ai "the ${release} pods in namespace ${namespace} are not becoming ready (${reasons[0] ?? 'unknown reason'}); find the cause and propose a fix without deleting anything"`,
  ].join('\n');
}

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
  return explain(
    namespace,
    release,
    await inspectRelease(runner, kubectl, context, namespace, release),
  );
}

/**
 * Looks at the release's pods every few seconds while its `helm upgrade` runs, and keeps the
 * last sight of a recognised failure: Helm's rollback removes the failing pods (and their
 * logs) before it returns, often before they can be inspected.
 */
export function watchRollout(
  runner: CommandRunner,
  kubectl: string,
  context: string,
  namespace: string,
  release: string,
  everyMs = 10_000,
) {
  let stopped = false;
  let seen: Inspection | undefined;
  let wake: () => void = () => {};
  const loop = (async () => {
    while (!stopped) {
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, everyMs).unref?.();
      });
      if (stopped) break;
      const now = await inspectRelease(runner, kubectl, context, namespace, release).catch(
        () => undefined,
      );
      if (now && likelyCause(now.reasons)) seen = now;
    }
  })();
  const stop = async () => {
    stopped = true;
    wake();
    await loop;
  };
  return {
    stop,
    /** The diagnosis after the failure: the pods as they are, else as they were seen failing. */
    async diagnose(): Promise<string> {
      await stop();
      const now = await inspectRelease(runner, kubectl, context, namespace, release);
      if (likelyCause(now.reasons) || !seen) return explain(namespace, release, now);
      return explain(
        namespace,
        release,
        seen,
        'The failing pods were gone when Helm returned; this is how they were seen during the rollout:',
      );
    },
  };
}
