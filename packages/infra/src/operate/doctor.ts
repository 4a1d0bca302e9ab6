import { statfsSync } from 'node:fs';
import { classifyContext, resolveCluster } from '../deploy/cluster';
import { chooseImageLoader } from '../deploy/image-loader';
import { CommandNotFoundError, type CommandRunner } from '../tools/runner';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
  required: boolean;
}

type Platform = NodeJS.Platform;
const install: Record<string, Partial<Record<Platform, string>> & { default: string }> = {
  docker: {
    win32: 'install Docker Desktop: winget install Docker.DockerDesktop',
    darwin: 'install Docker Desktop: brew install --cask docker',
    default:
      'install Docker: sudo apt-get install docker.io (or your distribution’s package), then start it',
  },
  kubectl: {
    win32: 'winget install Kubernetes.kubectl',
    darwin: 'brew install kubectl',
    default: 'install kubectl from your package manager, or use `minikube kubectl --`',
  },
  helm: {
    win32: 'winget install Helm.Helm',
    darwin: 'brew install helm',
    default: 'install Helm 3.18+ or 4 from your package manager (e.g. snap install helm --classic)',
  },
  minikube: {
    win32: 'winget install Kubernetes.minikube',
    darwin: 'brew install minikube',
    default: 'install minikube from your package manager, then `minikube start`',
  },
};
const fixFor = (tool: string, platform: Platform) =>
  install[tool]?.[platform] ?? install[tool]?.default ?? `install ${tool}`;

async function version(runner: CommandRunner, command: string, args: string[]) {
  try {
    const r = await runner.run(command, args);
    return r.exitCode === 0
      ? { ok: true, out: r.stdout.trim() }
      : { ok: false, out: (r.stderr || r.stdout).trim() };
  } catch (err) {
    if (err instanceof CommandNotFoundError) return { ok: false, out: 'not found' };
    throw err;
  }
}

/** Everything deploy needs, each problem with one line saying how to fix it on this OS. */
export async function doctor(
  runner: CommandRunner,
  o: {
    tools: { docker: string; kubectl: string; helm: string; minikube: string };
    platform: Platform;
    nodeVersion: string;
    context?: string;
    repoRoot: string;
  },
): Promise<Check[]> {
  const checks: Check[] = [];
  const [major = 0, minor = 0] = o.nodeVersion.replace(/^v/, '').split('.').map(Number);
  checks.push({
    name: 'node',
    ok: major > 20 || (major === 20 && minor >= 19),
    detail: o.nodeVersion,
    fix: 'install Node.js 20.19 or newer (https://nodejs.org or your package manager)',
    required: true,
  });

  const docker = await version(runner, o.tools.docker, [
    'version',
    '--format',
    '{{.Server.Version}}',
  ]);
  checks.push({
    name: 'docker',
    ok: docker.ok && /^\d/.test(docker.out),
    detail: docker.ok ? `engine ${docker.out}` : docker.out.split('\n')[0]!,
    fix:
      docker.out === 'not found'
        ? fixFor('docker', o.platform)
        : 'start the Docker daemon (Docker Desktop, or `sudo systemctl start docker`)',
    required: true,
  });
  if (docker.ok) {
    const info = await version(runner, o.tools.docker, [
      'info',
      '--format',
      '{{.NCPU}} {{.MemTotal}}',
    ]);
    const [cpus = 0, mem = 0] = info.out.split(' ').map(Number);
    checks.push({
      name: 'docker resources',
      ok: cpus >= 2 && mem >= 4e9,
      detail: `${cpus} CPUs, ${(mem / 2 ** 30).toFixed(1)} GiB`,
      fix: 'give Docker at least 2 CPUs and 4 GiB (Docker Desktop → Settings → Resources)',
      required: false,
    });
  }

  const kubectl = await version(runner, o.tools.kubectl, ['version', '--client', '-o', 'json']);
  checks.push({
    name: 'kubectl',
    ok: kubectl.ok,
    detail: kubectl.ok
      ? ((JSON.parse(kubectl.out) as { clientVersion?: { gitVersion?: string } }).clientVersion
          ?.gitVersion ?? 'ok')
      : kubectl.out,
    fix: fixFor('kubectl', o.platform),
    required: true,
  });

  const helm = await version(runner, o.tools.helm, ['version', '--short']);
  const hv = /v(\d+)\.(\d+)/.exec(helm.out);
  const helmOk =
    helm.ok && !!hv && (Number(hv[1]) > 3 || (Number(hv[1]) === 3 && Number(hv[2]) >= 18));
  checks.push({
    name: 'helm',
    ok: helmOk,
    detail: helm.out || 'not found',
    fix: helm.ok ? 'upgrade Helm to 3.18+ or 4' : fixFor('helm', o.platform),
    required: true,
  });

  if (kubectl.ok) {
    const ctx =
      o.context ?? (await version(runner, o.tools.kubectl, ['config', 'current-context'])).out;
    const server = await version(runner, o.tools.kubectl, [
      '--context',
      ctx,
      'get',
      '--raw',
      '/readyz',
    ]);
    checks.push({
      name: 'cluster',
      ok: server.ok && server.out === 'ok',
      detail: `context ${ctx || '(none)'}: ${server.ok ? server.out : server.out.split('\n')[0]}`,
      fix:
        ctx === 'minikube' || !ctx
          ? 'start it: minikube start (or pnpm run deploy --start)'
          : `start the cluster behind context ${ctx}`,
      required: true,
    });
    if (server.ok && ctx) {
      // How the deploy would get locally built images into this cluster, and why.
      const cluster = await resolveCluster(runner, o.tools.kubectl, ctx).catch(() =>
        classifyContext(ctx),
      );
      const choice = await chooseImageLoader({ runner, kubectl: o.tools.kubectl, cluster }).catch(
        (err: Error) => ({ loader: 'none' as const, reason: err.message }),
      );
      checks.push({
        name: 'image loader',
        ok: choice.loader !== 'none' || cluster.kind === 'docker-desktop',
        detail: `${choice.loader}: ${choice.reason}`,
        fix: "run the deploy where the node's containerd socket is reachable (as root), pass --image-loader, or push the images to a registry the cluster pulls from",
        required: false,
      });
    }
    if (!ctx || ctx === 'minikube') {
      const mk = await version(runner, o.tools.minikube, ['version', '--short']);
      checks.push({
        name: 'minikube',
        ok: mk.ok,
        detail: mk.out,
        fix: fixFor('minikube', o.platform),
        required: false,
      });
    }
  }

  const disk = statfsSync(o.repoRoot);
  const freeGb = (disk.bavail * disk.bsize) / 1e9;
  checks.push({
    name: 'disk',
    ok: freeGb >= 5,
    detail: `${freeGb.toFixed(1)} GB free`,
    fix: 'free some disk space: images and the cluster need about 5 GB',
    required: false,
  });
  return checks;
}
