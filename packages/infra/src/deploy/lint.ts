import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { checkBlueprint, formatViolation, type Blueprint } from '../k8s/blueprint';
import { parseManifests } from '../k8s/manifests';
import { validateObject } from '../k8s/schema';
import type { CommandRunner } from '../tools/runner';
import { NAMESPACES_FILE } from './namespaces';
import { chartName, deployOrder, namespaces, releases, type ReleaseSpec } from './releases';

export async function helmMajorVersion(runner: CommandRunner, helm: string): Promise<number> {
  const r = await runner.run(helm, ['version', '--short']);
  const m = /v(\d+)\.(\d+)/.exec(r.stdout);
  if (r.exitCode !== 0 || !m) throw new Error(`cannot run ${helm} version: ${r.stderr.trim()}`);
  return Number(m[1]);
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
  /** Only these charts (their folder names, e.g. todo-backend). */
  only?: string[];
  /** Extra values files for every chart (e.g. a negative test). */
  extraValues?: string[];
  /** The release table (a test adds a row; scripts use the default). */
  releases?: readonly ReleaseSpec[];
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
  for (const r of deployOrder(o.releases ?? releases)) {
    const chart = chartName(r);
    if (o.only && !o.only.includes(chart)) continue;
    const dir = path.join(o.repoRoot, r.chart);
    const vendored = unlinkedLibrary(dir);
    if (vendored) {
      problems.push({ chart, values: '-', stage: 'lint', message: vendored });
      continue;
    }
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
        r.name,
        dir,
        '--namespace',
        namespaces()[r.role],
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
  const namespacesFile = path.join(o.repoRoot, NAMESPACES_FILE);
  if (!o.only && existsSync(namespacesFile)) {
    const manifests = parseManifests(readFileSync(namespacesFile, 'utf8'));
    objects += manifests.length;
    for (const obj of manifests) {
      for (const e of validateObject(obj)) {
        problems.push({
          chart: NAMESPACES_FILE,
          values: '-',
          stage: 'schema',
          message: `${obj.kind} ${obj.metadata?.name}: ${e.path} ${e.message}`,
        });
      }
      const labels = (obj.metadata as { labels?: Record<string, string> })?.labels ?? {};
      if (labels['pod-security.kubernetes.io/enforce'] !== 'restricted') {
        problems.push({
          chart: NAMESPACES_FILE,
          values: '-',
          stage: 'blueprint',
          message: `Namespace ${obj.metadata?.name}: must enforce the restricted Pod Security Standard`,
        });
      }
    }
    for (const v of checkBlueprint(manifests, o.blueprint)) {
      problems.push({
        chart: NAMESPACES_FILE,
        values: '-',
        stage: 'blueprint',
        message: formatViolation(v),
      });
    }
  }
  return { problems, objects, renders };
}

/**
 * charts/todo-lib is a symlink to the library chart. A checkout without symlinks (Git for
 * Windows' default) leaves a small text file there instead, which Helm cannot load.
 */
function unlinkedLibrary(chartDir: string): string | null {
  const link = path.join(chartDir, 'charts', 'todo-lib');
  if (!existsSync(link) || statSync(link).isDirectory()) return null;
  return `${path.relative(process.cwd(), link)} is not the library chart (this checkout has no symlinks): run \`git config core.symlinks true\` and check out again, or delete it and run \`helm dependency build ${path.relative(process.cwd(), chartDir)}\``;
}

/** Helm's own error lines, without the noise. */
function helmErrors(output: string): string {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^\[ERROR\]|^Error:|error/i.test(l) && !/^\[INFO\]/.test(l));
  return (lines.length ? lines : output.trim().split('\n').slice(-3)).join('\n    ');
}
