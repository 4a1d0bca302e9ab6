import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CommandRunner } from '../tools/runner';
import { CONTEXT_NAME, type Layout } from './layout';

/** A client or server certificate the cluster needs, signed by its own CA. */
export interface CertSpec {
  file: string;
  cn: string;
  org?: string;
  /** Subject alternative names (server certificates). */
  sans?: string[];
}

/** Who is who: each component authenticates as the identity upstream's default RBAC expects. */
export function certSpecs(l: Layout): CertSpec[] {
  return [
    {
      file: 'apiserver',
      cn: 'kube-apiserver',
      sans: [
        `IP:${l.nodeIp}`,
        'IP:127.0.0.1',
        `IP:${l.apiServiceIp}`,
        'DNS:localhost',
        'DNS:kubernetes',
        'DNS:kubernetes.default',
        'DNS:kubernetes.default.svc',
        'DNS:kubernetes.default.svc.cluster.local',
      ],
    },
    // The apiserver's client identity towards kubelets (logs, exec, port-forward).
    {
      file: 'apiserver-kubelet-client',
      cn: 'kube-apiserver-kubelet-client',
      org: 'system:masters',
    },
    { file: 'admin', cn: `${CONTEXT_NAME}-admin`, org: 'system:masters' },
    { file: 'controller-manager', cn: 'system:kube-controller-manager' },
    { file: 'scheduler', cn: 'system:kube-scheduler' },
    { file: 'kubelet', cn: `system:node:${l.name}`, org: 'system:nodes' },
    { file: 'kube-proxy', cn: 'system:kube-proxy' },
    { file: 'kube-router', cn: `${CONTEXT_NAME}:kube-router` },
  ];
}

/** The extension file openssl x509 -req applies to a leaf certificate. */
export function extensionsFor(spec: CertSpec): string {
  const lines = [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    `extendedKeyUsage=${spec.sans ? 'serverAuth,clientAuth' : 'clientAuth'}`,
  ];
  if (spec.sans) lines.push(`subjectAltName=${spec.sans.join(',')}`);
  return lines.join('\n') + '\n';
}

export function subjectFor(spec: CertSpec): string {
  return (spec.org ? `/O=${spec.org}` : '') + `/CN=${spec.cn}`;
}

async function openssl(runner: CommandRunner, args: string[]): Promise<void> {
  const r = await runner.run('openssl', args);
  if (r.exitCode !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr.trim()}`);
}

/**
 * Creates the CA, every certificate and the service-account key pair, once: an existing PKI is
 * kept so kubeconfigs handed out stay valid across `down`/`up`.
 */
export async function ensurePki(runner: CommandRunner, l: Layout, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const f = (name: string) => path.join(dir, name);
  const ecKey = (out: string) =>
    openssl(runner, [
      'genpkey',
      '-algorithm',
      'EC',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-out',
      out,
    ]);
  if (!existsSync(f('ca.crt'))) {
    await ecKey(f('ca.key'));
    await openssl(runner, [
      'req', '-x509', '-new', '-key', f('ca.key'), '-subj', `/CN=${CONTEXT_NAME}-ca`,
      '-days', '3650', '-out', f('ca.crt'),
    ]); // prettier-ignore
  }
  if (!existsSync(f('sa.pub'))) {
    await ecKey(f('sa.key'));
    await openssl(runner, ['pkey', '-in', f('sa.key'), '-pubout', '-out', f('sa.pub')]);
  }
  for (const spec of certSpecs(l)) {
    if (existsSync(f(`${spec.file}.crt`))) continue;
    await ecKey(f(`${spec.file}.key`));
    await openssl(runner, [
      'req', '-new', '-key', f(`${spec.file}.key`), '-subj', subjectFor(spec), '-out', f(`${spec.file}.csr`),
    ]); // prettier-ignore
    await writeFile(f(`${spec.file}.ext`), extensionsFor(spec));
    await openssl(runner, [
      'x509', '-req', '-in', f(`${spec.file}.csr`), '-CA', f('ca.crt'), '-CAkey', f('ca.key'),
      '-CAcreateserial', '-days', '825', '-extfile', f(`${spec.file}.ext`), '-out', f(`${spec.file}.crt`),
    ]); // prettier-ignore
  }
}
