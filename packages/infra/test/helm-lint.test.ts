import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBlueprint } from '../src/k8s';
import { helmLint, helmMajorVersion } from '../src/deploy';
import { parseManifests } from '../src/k8s';
import { validateObject } from '../src/k8s';
import { realRunner } from '../src/tools';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
const blueprint = loadBlueprint(path.join(repoRoot, 'k8s/blueprint.yaml'));
const helms = [
  ['Helm 3', path.join(repoRoot, '.tools/helm3/helm'), 3],
  ['Helm 4', path.join(repoRoot, '.tools/helm4/helm'), 4],
] as const;

const tempFile = (name: string, text: string) => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'todo-helm-')), name);
  writeFileSync(file, text);
  return file;
};

describe.each(helms)('the charts with %s', (_name, helm, major) => {
  it('is the Helm version we think it is', async () => {
    expect(await helmMajorVersion(realRunner, helm)).toBe(major);
  });

  it('lint, render, validate and meet the blueprint with every values set', async () => {
    const result = await helmLint({ runner: realRunner, helm, repoRoot, blueprint });
    expect(result.problems).toEqual([]);
    // Three charts, each with its defaults and one ci/*.yaml.
    expect(result.renders).toBe(6);
    expect(result.objects).toBeGreaterThan(40);
  });

  it('fails lint on a value of the wrong type', async () => {
    const values = tempFile('wrong-type.yaml', 'replicaCount: two\n');
    const result = await helmLint({
      runner: realRunner,
      helm,
      repoRoot,
      blueprint,
      only: ['todo-backend'],
      extraValues: [values],
    });
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.problems[0]).toMatchObject({ stage: 'lint' });
    expect(result.problems[0]!.message).toMatch(/replicaCount/);
  });

  it('fails lint on an unknown key (a typo)', async () => {
    const values = tempFile('typo.yaml', 'servce:\n  type: NodePort\n');
    const result = await helmLint({
      runner: realRunner,
      helm,
      repoRoot,
      blueprint,
      only: ['todo-frontend'],
      extraValues: [values],
    });
    expect(result.problems[0]).toMatchObject({ stage: 'lint' });
    expect(result.problems[0]!.message).toMatch(/servce/);
  });

  it('fails the blueprint when a chart edit adds a container running as root', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'todo-charts-'));
    cpSync(path.join(repoRoot, 'k8s'), path.join(root, 'k8s'), {
      recursive: true,
      filter: (src) => !src.includes('node_modules'),
    });
    const deployment = path.join(root, 'k8s/helm/todo-backend/templates/deployment.yaml');
    const edited = readFileSync(deployment, 'utf8').replace(
      '      containers:\n',
      [
        '      containers:',
        '        - name: debug',
        '          image: todo-api:0.1.0',
        '          securityContext:',
        '            runAsUser: 0',
        '            runAsNonRoot: false',
        '',
      ].join('\n'),
    );
    writeFileSync(deployment, edited);
    const result = await helmLint({
      runner: realRunner,
      helm,
      repoRoot: root,
      blueprint,
      only: ['todo-backend'],
    });
    const blueprintProblems = result.problems.filter((p) => p.stage === 'blueprint');
    expect(
      blueprintProblems.some(
        (p) => /\[non-root\]/.test(p.message) && /container "debug"/.test(p.message),
      ),
    ).toBe(true);
    expect(
      blueprintProblems.some((p) =>
        /Deployment todo-backend\/todo-backend: spec\.template\.spec\.containers\[0\]\.securityContext/.test(
          p.message,
        ),
      ),
    ).toBe(true);
  });
});

describe('reading manifests', () => {
  it('reports broken YAML with its line instead of guessing at objects', () => {
    expect(() => parseManifests('kind: [unclosed\n  foo: : bar\n')).toThrow(
      /not valid YAML: .*line/,
    );
    expect(
      parseManifests(
        '---\n# only a comment\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n',
      ),
    ).toHaveLength(1);
  });
});

describe('offline validation against Kubernetes API types', () => {
  it('rejects unknown fields and wrong types, accepts valid objects', () => {
    const errors = validateObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x' },
      spec: {
        replicas: 'two',
        selector: { matchLabels: { a: 'b' } },
        template: {
          spec: {
            containers: [
              { name: 'c', image: 'i', securityContxt: {}, ports: [{ containerPort: '80' }] },
            ],
          },
        },
      },
    });
    expect(errors).toEqual([
      { path: 'spec.replicas', message: 'must be a number, not a string' },
      {
        path: 'spec.template.spec.containers[0].securityContxt',
        message: 'is not a field of Container',
      },
      {
        path: 'spec.template.spec.containers[0].ports[0].containerPort',
        message: 'must be a number, not a string',
      },
    ]);
    expect(
      validateObject({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 's' },
        spec: { ports: [{ port: 80, targetPort: 'http' }] },
      }),
    ).toEqual([]);
    expect(validateObject({ apiVersion: 'example.com/v1', kind: 'Widget' })[0]!.message).toMatch(
      /not a Kubernetes API type/,
    );
  });
});

describe('a checkout without symlinks (Git for Windows’ default)', () => {
  it('names the broken library link and how to fix it, instead of Helm’s archive error', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'todo-nolinks-'));
    cpSync(path.join(repoRoot, 'k8s'), path.join(root, 'k8s'), {
      recursive: true,
      filter: (src) => !src.includes('node_modules'),
    });
    const link = path.join(root, 'k8s/helm/todo-frontend/charts/todo-lib');
    rmSync(link);
    // What git writes when it cannot make a symlink: a file holding the target.
    writeFileSync(link, '../../todo-lib');
    const result = await helmLint({
      runner: realRunner,
      helm: helms[1][1],
      repoRoot: root,
      blueprint,
      only: ['todo-frontend'],
    });
    expect(result.problems).toEqual([
      expect.objectContaining({
        chart: 'todo-frontend',
        stage: 'lint',
        message: expect.stringMatching(/no symlinks.*core\.symlinks true/),
      }),
    ]);
  });
});
