import type { K8sObject } from './manifests';

/**
 * How a rendered Deployment's pod would run, translated into `docker run` settings, so that
 * CI can start the images exactly as the charts configure them (no cluster here).
 */
export interface ContainerPlan {
  name: string;
  image: string;
  command?: string[];
  user: string;
  readOnlyRootFilesystem: boolean;
  tmpfs: string[];
  capDrop: string[];
  noNewPrivileges: boolean;
  memory?: string;
  cpus?: string;
  env: Record<string, string>;
  ports: Record<string, number>;
  probes: { kind: 'startup' | 'liveness' | 'readiness'; path: string; port: number }[];
}

interface Container {
  name: string;
  image: string;
  command?: string[];
  env?: { name: string; value?: string }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  ports?: { name?: string; containerPort: number }[];
  securityContext?: {
    runAsUser?: number;
    runAsGroup?: number;
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    capabilities?: { drop?: string[] };
  };
  resources?: { limits?: { cpu?: string | number; memory?: string } };
  volumeMounts?: { name: string; mountPath: string }[];
  startupProbe?: { httpGet?: { path: string; port: string | number } };
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
}

interface PodSpec {
  securityContext?: { runAsUser?: number; runAsGroup?: number };
  containers: Container[];
  initContainers?: Container[];
  volumes?: { name: string; emptyDir?: { sizeLimit?: string } }[];
}

/** Kubernetes memory quantity → docker's --memory (bytes with a unit docker understands). */
export function dockerMemory(quantity: string): string {
  const m = /^(\d+)(Ki|Mi|Gi)?$/.exec(quantity);
  if (!m) throw new Error(`unsupported memory quantity ${quantity}`);
  const unit = { Ki: 'k', Mi: 'm', Gi: 'g' }[m[2] as 'Ki' | 'Mi' | 'Gi'] ?? 'b';
  return `${m[1]}${unit}`;
}

function dockerCpus(quantity: string | number): string {
  const q = String(quantity);
  return q.endsWith('m') ? String(Number(q.slice(0, -1)) / 1000) : q;
}

export function planPod(
  deployment: K8sObject,
  objects: K8sObject[],
): { init: ContainerPlan[]; containers: ContainerPlan[] } {
  const spec = (deployment.spec as { template: { spec: PodSpec } }).template.spec;
  const data = (kind: string, name: string): Record<string, string> => {
    const obj = objects.find((o) => o.kind === kind && o.metadata?.name === name);
    if (!obj)
      throw new Error(
        `${kind} ${name} (referenced by ${deployment.metadata?.name}) is not in the chart`,
      );
    if (kind === 'Secret') {
      const encoded = (obj.data ?? {}) as Record<string, string>;
      return Object.fromEntries(
        Object.entries(encoded).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
      );
    }
    return (obj.data ?? {}) as Record<string, string>;
  };
  const plan = (c: Container): ContainerPlan => {
    const env: Record<string, string> = {};
    for (const from of c.envFrom ?? []) {
      if (from.configMapRef) Object.assign(env, data('ConfigMap', from.configMapRef.name));
      if (from.secretRef) Object.assign(env, data('Secret', from.secretRef.name));
    }
    for (const e of c.env ?? []) if (e.value !== undefined) env[e.name] = e.value;
    const sc = c.securityContext ?? {};
    const uid = sc.runAsUser ?? spec.securityContext?.runAsUser;
    const gid = sc.runAsGroup ?? spec.securityContext?.runAsGroup;
    const ports = Object.fromEntries(
      (c.ports ?? []).map((p) => [p.name ?? String(p.containerPort), p.containerPort]),
    );
    const tmpfs = (c.volumeMounts ?? []).flatMap((m) => {
      const volume = spec.volumes?.find((v) => v.name === m.name);
      if (!volume?.emptyDir) return [];
      const size = volume.emptyDir.sizeLimit
        ? `,size=${dockerMemory(volume.emptyDir.sizeLimit)}`
        : '';
      return [`${m.mountPath}:rw,uid=${uid ?? 0},gid=${gid ?? 0}${size}`];
    });
    const probes = (['startup', 'liveness', 'readiness'] as const).flatMap((kind) => {
      const get = c[`${kind}Probe`]?.httpGet;
      if (!get) return [];
      const port = typeof get.port === 'number' ? get.port : ports[get.port];
      if (!port) throw new Error(`${c.name}: ${kind} probe names an unknown port ${get.port}`);
      return [{ kind, path: get.path, port }];
    });
    return {
      name: c.name,
      image: c.image,
      command: c.command,
      user: `${uid ?? ''}${gid !== undefined ? `:${gid}` : ''}`,
      readOnlyRootFilesystem: sc.readOnlyRootFilesystem === true,
      tmpfs,
      capDrop: sc.capabilities?.drop ?? [],
      noNewPrivileges: sc.allowPrivilegeEscalation === false,
      memory: c.resources?.limits?.memory ? dockerMemory(c.resources.limits.memory) : undefined,
      cpus: c.resources?.limits?.cpu !== undefined ? dockerCpus(c.resources.limits.cpu) : undefined,
      env,
      ports,
      probes,
    };
  };
  return { init: (spec.initContainers ?? []).map(plan), containers: spec.containers.map(plan) };
}

/** `docker run` arguments for a plan (host network; env through an env file). */
export function dockerRunArgs(
  p: ContainerPlan,
  name: string,
  envFile: string,
  detach: boolean,
): string[] {
  return [
    'run',
    ...(detach ? ['--detach'] : ['--rm']),
    '--name',
    name,
    '--network',
    'host',
    ...(p.user ? ['--user', p.user] : []),
    ...(p.readOnlyRootFilesystem ? ['--read-only'] : []),
    ...p.tmpfs.flatMap((t) => ['--tmpfs', t]),
    ...p.capDrop.flatMap((c) => ['--cap-drop', c]),
    ...(p.noNewPrivileges ? ['--security-opt', 'no-new-privileges'] : []),
    ...(p.memory ? ['--memory', p.memory] : []),
    ...(p.cpus ? ['--cpus', p.cpus] : []),
    '--env-file',
    envFile,
    p.image,
    ...(p.command ?? []),
  ];
}
