import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { checkBlueprint, formatViolation, type Blueprint } from './blueprint';
import { validateObject } from './k8s-schema';
import type { CommandRunner } from './runner';

/** Each chart, the release name and the namespace it installs into. */
export const charts = [
  { chart: 'postgres', release: 'postgres', namespace: 'todo-data' },
  { chart: 'todo-backend', release: 'todo-backend', namespace: 'todo-backend' },
  { chart: 'todo-frontend', release: 'todo-frontend', namespace: 'todo-frontend' },
] as const;

export type K8sObject = Record<string, unknown> & {
  kind?: string;
  apiVersion?: string;
  metadata?: { name?: string; namespace?: string };
};

export async function helmMajorVersion(runner: CommandRunner, helm: string): Promise<number> {
  const r = await runner.run(helm, ['version', '--short']);
  const m = /v(\d+)\.(\d+)/.exec(r.stdout);
  if (r.exitCode !== 0 || !m) throw new Error(`cannot run ${helm} version: ${r.stderr.trim()}`);
  return Number(m[1]);
}

/** Multi-document YAML → Kubernetes objects; a syntax error is reported with its line. */
export function parseManifests(text: string): K8sObject[] {
  const docs = parseAllDocuments(text);
  const broken = docs.find((d) => d.errors.length > 0);
  if (broken) throw new Error(`not valid YAML: ${broken.errors[0]!.message.split('\n')[0]}`);
  return docs
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject =>
      Boolean(o && typeof o === 'object' && typeof o.kind === 'string'),
    );
}

/** The values sets a chart is checked with: its defaults and each ci/*.yaml (chart-testing). */
export function valuesSets(chartDir: string): (string | null)[] {
  const ci = path.join(chartDir, 'ci');
  const files = existsSync(ci)
    ? readdirSync(ci)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => path.join(ci, f))
    : [];
  return [null, ...files];
}

export interface LintProblem {
  chart: string;
  values: string;
  stage: 'lint' | 'template' | 'schema' | 'blueprint';
  message: string;
}

export interface HelmLintOptions {
  runner: CommandRunner;
  helm: string;
  repoRoot: string;
  blueprint: Blueprint;
  /** Only these charts (directory names under k8s/helm). */
  only?: string[];
  /** Extra values files for every chart (e.g. a negative test). */
  extraValues?: string[];
  chartsDir?: string;
}

/**
 * helm lint --strict and helm template for each chart and values set, then every rendered
 * object against the Kubernetes API types and the blueprint. Returns the problems found.
 */
export async function helmLint(
  o: HelmLintOptions,
): Promise<{ problems: LintProblem[]; objects: number; renders: number }> {
  const problems: LintProblem[] = [];
  let objects = 0;
  let renders = 0;
  const chartsDir = o.chartsDir ?? path.join(o.repoRoot, 'k8s/helm');
  for (const { chart, release, namespace } of charts) {
    if (o.only && !o.only.includes(chart)) continue;
    const dir = path.join(chartsDir, chart);
    for (const values of valuesSets(dir)) {
      const label = values ? path.relative(o.repoRoot, values) : 'default values';
      const valueArgs = [
        ...(values ? ['--values', values] : []),
        ...(o.extraValues ?? []).flatMap((v) => ['--values', v]),
      ];
      const lint = await o.runner.run(o.helm, ['lint', '--strict', dir, ...valueArgs]);
      if (lint.exitCode !== 0) {
        problems.push({
          chart,
          values: label,
          stage: 'lint',
          message: helmErrors(lint.stdout + lint.stderr),
        });
        continue;
      }
      const rendered = await o.runner.run(o.helm, [
        'template',
        release,
        dir,
        '--namespace',
        namespace,
        ...valueArgs,
      ]);
      if (rendered.exitCode !== 0) {
        problems.push({
          chart,
          values: label,
          stage: 'template',
          message: helmErrors(rendered.stderr),
        });
        continue;
      }
      renders++;
      const manifests = parseManifests(rendered.stdout);
      objects += manifests.length;
      for (const obj of manifests) {
        for (const e of validateObject(obj)) {
          problems.push({
            chart,
            values: label,
            stage: 'schema',
            message: `${obj.kind} ${obj.metadata?.name}: ${e.path} ${e.message}`,
          });
        }
      }
      for (const v of checkBlueprint(manifests, o.blueprint)) {
        problems.push({ chart, values: label, stage: 'blueprint', message: formatViolation(v) });
      }
    }
  }
  // Objects applied outside the charts (the namespaces) meet the same rules.
  const namespacesFile = path.join(o.repoRoot, 'k8s/namespaces.yaml');
  if (!o.only && existsSync(namespacesFile)) {
    const manifests = parseManifests(readFileSync(namespacesFile, 'utf8'));
    objects += manifests.length;
    for (const obj of manifests) {
      for (const e of validateObject(obj)) {
        problems.push({
          chart: 'k8s/namespaces.yaml',
          values: '-',
          stage: 'schema',
          message: `${obj.kind} ${obj.metadata?.name}: ${e.path} ${e.message}`,
        });
      }
      const labels = (obj.metadata as { labels?: Record<string, string> })?.labels ?? {};
      if (labels['pod-security.kubernetes.io/enforce'] !== 'restricted') {
        problems.push({
          chart: 'k8s/namespaces.yaml',
          values: '-',
          stage: 'blueprint',
          message: `Namespace ${obj.metadata?.name}: must enforce the restricted Pod Security Standard`,
        });
      }
    }
    for (const v of checkBlueprint(manifests, o.blueprint)) {
      problems.push({
        chart: 'k8s/namespaces.yaml',
        values: '-',
        stage: 'blueprint',
        message: formatViolation(v),
      });
    }
  }
  return { problems, objects, renders };
}

/** Helm's own error lines, without the noise. */
function helmErrors(output: string): string {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^\[ERROR\]|^Error:|error/i.test(l) && !/^\[INFO\]/.test(l));
  return (lines.length ? lines : output.trim().split('\n').slice(-3)).join('\n    ');
}
