import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Cluster } from './cluster';
import type { CommandRunner } from '../tools/runner';

/** How locally built images reach the cluster's nodes (`deploy --image-loader`). */
export const IMAGE_LOADERS = [
  'minikube',
  'kind',
  'k3d',
  'docker-desktop',
  'containerd',
  'none',
] as const;
export type ImageLoader = (typeof IMAGE_LOADERS)[number];

/**
 * containerd sockets a node may expose on this host: a bare kubeadm/containerd node, k3s and
 * Rancher Desktop's k3s. (Docker's own containerd runs without the CRI plugin and is not one.)
 */
export const KNOWN_CONTAINERD_SOCKETS = [
  '/run/containerd/containerd.sock',
  '/run/k3s/containerd/containerd.sock',
];

export interface LoaderChoice {
  loader: ImageLoader;
  /** Why this loader: what was detected, in words `doctor` prints. */
  reason: string;
  /** The containerd socket images are imported through (loader `containerd`). */
  socket?: string;
}

export class ImageLoaderError extends Error {}

export function isImageLoader(value: string): value is ImageLoader {
  return (IMAGE_LOADERS as readonly string[]).includes(value);
}

/** The loader a cluster kind implies, without asking the cluster (tests, --dry-run). */
export function defaultImageLoader(cluster: Cluster): LoaderChoice {
  if (cluster.kind === 'todo-ci' && cluster.containerdSocket) {
    return { loader: 'containerd', reason: 'the test cluster', socket: cluster.containerdSocket };
  }
  if (cluster.kind === 'other' || cluster.kind === 'todo-ci')
    return { loader: 'none', reason: 'no loader known' };
  return { loader: cluster.kind, reason: `context "${cluster.context}" is ${cluster.kind}` };
}

/** The node's container runtime as the API server reports it, e.g. `containerd://1.6.20`. */
export async function nodeRuntime(
  runner: CommandRunner,
  kubectl: string,
  context: string,
): Promise<string> {
  const r = await runner.run(kubectl, [
    '--context', context, 'get', 'nodes', '-o', 'jsonpath={.items[0].status.nodeInfo.containerRuntimeVersion}',
  ]); // prettier-ignore
  return r.exitCode === 0 ? r.stdout.trim() : '';
}

/**
 * Chooses the loader: `--image-loader` when given; the cluster's own tool for minikube, kind,
 * k3d and Docker Desktop; containerd when the cluster names its socket (the test cluster's
 * kubeconfig marker) or the node runs containerd and a known socket is on this host; else none.
 */
export async function chooseImageLoader(
  o: { runner: CommandRunner; kubectl: string; cluster: Cluster; explicit?: ImageLoader },
  exists: (file: string) => boolean = existsSync,
): Promise<LoaderChoice> {
  const socketHere = () =>
    [o.cluster.containerdSocket, ...KNOWN_CONTAINERD_SOCKETS].find((s) => s && exists(s));
  if (o.explicit) {
    if (o.explicit !== 'containerd') return { loader: o.explicit, reason: '--image-loader' };
    const socket = socketHere();
    if (!socket) {
      throw new ImageLoaderError(
        `--image-loader containerd: no containerd socket found (looked at ${[o.cluster.containerdSocket, ...KNOWN_CONTAINERD_SOCKETS].filter(Boolean).join(', ')}); run the deploy on the node, as root`,
      );
    }
    return { loader: 'containerd', reason: '--image-loader', socket };
  }
  if (o.cluster.kind !== 'other' && o.cluster.kind !== 'todo-ci') {
    return {
      loader: o.cluster.kind,
      reason: `context "${o.cluster.context}" is ${o.cluster.kind}`,
    };
  }
  if (o.cluster.containerdSocket && exists(o.cluster.containerdSocket)) {
    return {
      loader: 'containerd',
      reason: `the kubeconfig names the node's containerd socket ${o.cluster.containerdSocket}`,
      socket: o.cluster.containerdSocket,
    };
  }
  const runtime = await nodeRuntime(o.runner, o.kubectl, o.cluster.context);
  const socket = runtime.startsWith('containerd://') ? socketHere() : undefined;
  if (socket) {
    return {
      loader: 'containerd',
      reason: `the node runs ${runtime} and ${socket} is on this host`,
      socket,
    };
  }
  return {
    loader: 'none',
    reason: `the node runs ${runtime || 'an unknown runtime'} and no containerd socket of it is on this host: images must come from a registry the cluster can pull from`,
  };
}

/** How containerd names an image reference (`todo-api:1` is `docker.io/library/todo-api:1`). */
export function containerdRef(image: string): string {
  const first = image.split('/')[0]!;
  const hasRegistry =
    image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasRegistry) return image;
  return image.includes('/') ? `docker.io/${image}` : `docker.io/library/${image}`;
}

export interface LoadCommand {
  command: string;
  args: string[];
  /** Skip the command when this one's output contains `contains` (the image is already there). */
  skipIf?: { command: string; args: string[]; contains: string };
}

/**
 * One file per image name and target, overwritten by the next deploy, so /tmp does not fill
 * up; two deploys to different clusters on one machine (test cluster slots) do not share one.
 */
function imageTar(image: string, target: string): string {
  const name = image.slice(
    0,
    image.lastIndexOf(':') > image.lastIndexOf('/') ? image.lastIndexOf(':') : undefined,
  );
  const t = createHash('sha256').update(target).digest('hex').slice(0, 8);
  return path.join(tmpdir(), `todo-image-${name.replace(/[^a-zA-Z0-9.-]/g, '_')}-${t}.tar`);
}

/**
 * The commands that put a locally built image into the cluster's nodes. containerd: `docker
 * save` to a file, then `ctr -n k8s.io images import` through the socket (no pipe, so each
 * step is one plain command); skipped when containerd already has the image.
 */
export function loadCommands(
  choice: LoaderChoice,
  cluster: Cluster,
  image: string,
  tools: { minikube: string; kind: string; k3d: string; docker: string; ctr: string },
): LoadCommand[] {
  switch (choice.loader) {
    case 'minikube':
      return [
        {
          command: tools.minikube,
          args: ['image', 'load', image, '--profile', cluster.name],
          // minikube re-sends the whole image every time; ask it first.
          skipIf: {
            command: tools.minikube,
            args: ['image', 'ls', '--profile', cluster.name],
            contains: image,
          },
        },
      ];
    case 'kind': {
      // `kind load docker-image` fails with Docker's containerd image store (the default in
      // Docker 29 and Docker Desktop; kind issues 3795, 3845): an archive works with either.
      const tar = imageTar(image, `kind:${cluster.name}`);
      return [
        { command: tools.docker, args: ['save', '--output', tar, image] },
        { command: tools.kind, args: ['load', 'image-archive', tar, '--name', cluster.name] },
      ];
    }
    case 'k3d':
      return [{ command: tools.k3d, args: ['image', 'import', image, '--cluster', cluster.name] }];
    case 'containerd': {
      const ctr = ['--address', choice.socket!, '-n', 'k8s.io'];
      const tar = imageTar(image, choice.socket!);
      const skipIf = {
        command: tools.ctr,
        args: [...ctr, 'images', 'ls', '-q'],
        contains: containerdRef(image),
      };
      return [
        { command: tools.docker, args: ['save', '--output', tar, image], skipIf },
        { command: tools.ctr, args: [...ctr, 'images', 'import', tar], skipIf },
      ];
    }
    default:
      // Docker Desktop shares the daemon; `none`: the cluster pulls from a registry.
      return [];
  }
}
