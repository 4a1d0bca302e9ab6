import { stringify } from 'yaml';
import type { AddonImages } from './addons';
import { retry, type Kube } from './kube';

/**
 * What `up` proves before it says the cluster is ready: a volume is provisioned and written, DNS
 * answers from inside a pod through the Service VIP, and a NetworkPolicy admits one client and
 * stops another. Each probe runs real pods in a throwaway namespace.
 */
export const PROBE_NAMESPACE = 'todo-ci-probe';

const sc = {
  allowPrivilegeEscalation: false,
  runAsNonRoot: true,
  runAsUser: 65534,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

function pod(
  name: string,
  labels: Record<string, string>,
  image: string,
  script: string,
  extra = {},
) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: PROBE_NAMESPACE, labels },
    spec: {
      terminationGracePeriodSeconds: 0,
      containers: [
        {
          name,
          image,
          imagePullPolicy: 'Never',
          command: ['/bin/sh', '-c', script],
          securityContext: sc,
        },
      ],
      ...extra,
    },
  };
}

export function probeManifest(images: AddonImages): string {
  const b = images.busybox;
  const objs = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: PROBE_NAMESPACE } },
    pod(
      'server',
      { probe: 'server' },
      b,
      'echo probe-ok > /tmp/index.html && exec httpd -f -p 8080 -h /tmp',
    ),
    pod('allowed', { probe: 'allowed' }, b, 'exec sleep 3600'),
    pod('denied', { probe: 'denied' }, b, 'exec sleep 3600'),
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'server-from-allowed', namespace: PROBE_NAMESPACE },
      spec: {
        podSelector: { matchLabels: { probe: 'server' } },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [{ podSelector: { matchLabels: { probe: 'allowed' } } }],
            ports: [{ port: 8080 }],
          },
        ],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'volume', namespace: PROBE_NAMESPACE },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Mi' } } },
    },
    pod('writer', { probe: 'writer' }, b, 'echo written > /data/probe && cat /data/probe', {
      restartPolicy: 'Never',
      securityContext: { fsGroup: 65534 },
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'volume' } }],
    }),
  ];
  // The writer mounts the claim (the default StorageClass provisions it).
  const writer = objs[objs.length - 1] as { spec: { containers: { volumeMounts?: unknown[] }[] } };
  writer.spec.containers[0]!.volumeMounts = [{ name: 'data', mountPath: '/data' }];
  return objs.map((o) => stringify(o)).join('---\n');
}

export interface ProbeResult {
  name: string;
  ok: boolean;
  detail: string;
}

const exec = (k: Kube, podName: string, cmd: string[]) =>
  k.run(['exec', '-n', PROBE_NAMESPACE, podName, '--', ...cmd]);

export async function runProbes(k: Kube, images: AddonImages): Promise<ProbeResult[]> {
  await k.run(['delete', 'namespace', PROBE_NAMESPACE, '--ignore-not-found', '--wait=true']);
  await k.apply(probeManifest(images));
  const results: ProbeResult[] = [];
  const wait = (what: string) =>
    k.must([
      'wait',
      '-n',
      PROBE_NAMESPACE,
      '--for=condition=Ready',
      '--timeout=180s',
      ...what.split(' '),
    ]);
  await wait('pod/server pod/allowed pod/denied');

  const dns = await retry('DNS from a pod', 60_000, async () => {
    const r = await exec(k, 'allowed', ['nslookup', 'kubernetes.default.svc.cluster.local']);
    if (r.exitCode !== 0) throw new Error(r.stdout + r.stderr);
    return r.stdout;
  });
  results.push({
    name: 'dns',
    ok: /10\.96\.0\.1\b/.test(dns),
    detail: 'kubernetes.default → 10.96.0.1',
  });

  const serverIp = (
    await k.must(['get', 'pod', '-n', PROBE_NAMESPACE, 'server', '-o', 'jsonpath={.status.podIP}'])
  ).trim();
  // busybox nc, not wget: Debian's static busybox wget crashes in glibc's resolver code.
  const fetchFrom = (client: string) =>
    exec(k, client, ['sh', '-c', `printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 ${serverIp} 8080`]);
  // kube-router applies a policy shortly after the pods appear: wait for the allowed path first,
  // after which the server's policy chain exists and the denied client must be stopped.
  await retry('the allowed client reaching the server', 90_000, async () => {
    const r = await fetchFrom('allowed');
    if (r.exitCode !== 0 || !r.stdout.includes('probe-ok')) throw new Error(r.stderr.trim());
  });
  results.push({ name: 'network policy allows', ok: true, detail: `allowed → ${serverIp}:8080` });
  const denied = await fetchFrom('denied');
  results.push({
    name: 'network policy denies',
    ok: denied.exitCode !== 0,
    detail:
      denied.exitCode !== 0 ? 'denied client timed out' : 'the denied client reached the server',
  });

  const written = await retry('the volume writer finishing', 180_000, async () => {
    const phase = (
      await k.must([
        'get',
        'pod',
        '-n',
        PROBE_NAMESPACE,
        'writer',
        '-o',
        'jsonpath={.status.phase}',
      ])
    ).trim();
    if (phase === 'Failed') return 'Failed';
    if (phase !== 'Succeeded') throw new Error(`writer is ${phase || 'pending'}`);
    return (await k.must(['logs', '-n', PROBE_NAMESPACE, 'writer'])).trim();
  });
  results.push({
    name: 'storage',
    ok: written === 'written',
    detail: `PVC on the default StorageClass: ${written}`,
  });

  await k.run(['delete', 'namespace', PROBE_NAMESPACE, '--wait=false']);
  return results;
}
