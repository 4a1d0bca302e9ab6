import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { realRunner } from '../../src/tools/runner';
import { layout } from '../../src/test-cluster/layout';
import { ensurePki } from '../../src/test-cluster/pki';

const dir = mkdtempSync(path.join(tmpdir(), 'todo-ci-pki-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const l = layout({ repoRoot: dir, cacheDir: dir, stateRoot: dir });
const openssl = (...args: string[]) => execFileSync('openssl', args, { encoding: 'utf8' });

describe('the cluster PKI (real openssl)', () => {
  it('signs every certificate with the CA, with the identities RBAC expects', async () => {
    await ensurePki(realRunner, l, dir);
    const f = (n: string) => path.join(dir, n);
    for (const cert of ['apiserver', 'admin', 'kubelet', 'kube-proxy', 'scheduler']) {
      expect(openssl('verify', '-CAfile', f('ca.crt'), f(`${cert}.crt`))).toContain(': OK');
    }
    const subject = (c: string) => openssl('x509', '-in', f(`${c}.crt`), '-noout', '-subject');
    expect(subject('kubelet')).toMatch(/O\s*=\s*system:nodes, CN\s*=\s*system:node:todo-ci/);
    expect(subject('admin')).toMatch(/O\s*=\s*system:masters/);
    const server = openssl(
      'x509',
      '-in',
      f('apiserver.crt'),
      '-noout',
      '-ext',
      'subjectAltName,extendedKeyUsage',
    );
    // The address kubectl uses from the host, the Service VIP pods use, and the in-cluster name.
    expect(server).toContain(`IP Address:${l.nodeIp}`);
    expect(server).toContain(`IP Address:${l.apiServiceIp}`);
    expect(server).toContain('DNS:kubernetes.default.svc.cluster.local');
    expect(server).toContain('TLS Web Server Authentication');
    const client = openssl(
      'x509',
      '-in',
      f('admin.crt'),
      '-noout',
      '-ext',
      'extendedKeyUsage,basicConstraints',
    );
    expect(client).toContain('TLS Web Client Authentication');
    expect(client).toContain('CA:FALSE');
  });

  it('keeps an existing PKI, so kubeconfigs handed out stay valid', async () => {
    const before = openssl('x509', '-in', path.join(dir, 'admin.crt'), '-noout', '-serial');
    await ensurePki(realRunner, l, dir);
    expect(openssl('x509', '-in', path.join(dir, 'admin.crt'), '-noout', '-serial')).toBe(before);
  });
});
