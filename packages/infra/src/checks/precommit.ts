import { chartName, releases as defaultReleases, type ReleaseSpec } from '../deploy/releases';

/**
 * The checks a commit gets, decided from the staged paths alone: format (and re-stage), lint,
 * typecheck of the affected packages (and their dependents), and for k8s/ the chart lint and
 * blueprint. `pnpm run check` runs the same on the whole tree.
 */
export interface HookCheck {
  title: string;
  command: string;
  args: string[];
  /** Files to `git add` again after the command (formatting fixed them). */
  restage?: string[];
}

export interface PrecommitTools {
  prettier: string;
  eslint: string;
  turbo: string;
  tsx: string;
  tsc: string;
  scriptsDir: string;
}

const formattable = /\.(ts|tsx|js|mjs|cjs|json|md|ya?ml|css|html)$/;
const lintable = /\.(ts|tsx|js|mjs|cjs)$/;
const notFormatted =
  /^k8s\/helm\/[^/]+\/templates\/|^k8s\/ai-ops\/generated\/|(^|\/)pnpm-lock\.yaml$|^packages\/db\/drizzle\/meta\//;

export function affectedPackages(paths: string[]): string[] {
  const names = new Set<string>();
  for (const p of paths) {
    const m = /^(apps|packages)\/([^/]+)\//.exec(p);
    if (m && /\.(ts|tsx|json)$/.test(p)) names.add(`@todo/${m[2]}`);
  }
  return [...names].sort();
}

export function precommitPlan(o: {
  staged: string[];
  partial: string[];
  tools: PrecommitTools;
  hasEslintConfig: boolean;
  releases?: readonly ReleaseSpec[];
}): HookCheck[] {
  const staged = o.staged.map((p) => p.replace(/\\/g, '/'));
  const checks: HookCheck[] = [];
  const format = staged.filter((p) => formattable.test(p) && !notFormatted.test(p));
  const whole = format.filter((p) => !o.partial.includes(p));
  const partial = format.filter((p) => o.partial.includes(p));
  if (whole.length) {
    checks.push({
      title: `prettier (fix and re-stage ${whole.length} file(s))`,
      command: o.tools.prettier,
      args: ['--write', '--ignore-unknown', '--log-level', 'warn', ...whole],
      restage: whole,
    });
  }
  if (partial.length) {
    // Partly staged files cannot be fixed and re-staged without staging the rest too.
    checks.push({
      title: `prettier --check (${partial.length} partly staged file(s): run pnpm format, then stage)`,
      command: o.tools.prettier,
      args: ['--check', ...partial],
    });
  }
  const lint = staged.filter((p) => lintable.test(p) && !/(^|\/)(dist|\.next)\//.test(p));
  if (lint.length && o.hasEslintConfig) {
    checks.push({
      title: `eslint (${lint.length} file(s))`,
      command: o.tools.eslint,
      args: ['--max-warnings', '0', '--no-warn-ignored', ...lint],
    });
  }
  const packages = affectedPackages(staged);
  if (packages.length) {
    checks.push({
      title: `typecheck ${packages.join(', ')} and dependents`,
      command: o.tools.turbo,
      args: [
        'run',
        'typecheck',
        '--output-logs=errors-only',
        ...packages.map((p) => `--filter=...${p}`),
      ],
    });
  }
  if (staged.some((p) => p.startsWith('scripts/') && p.endsWith('.ts'))) {
    checks.push({
      title: 'typecheck scripts',
      command: o.tools.tsc,
      args: ['-p', o.tools.scriptsDir],
    });
  }
  const table = o.releases ?? defaultReleases;
  const chartFiles = staged.filter((p) => p.startsWith('k8s/helm/'));
  const owner = (p: string) => table.find((r) => p.startsWith(`${r.chart}/`));
  // A chart file no release owns (the shared library chart) can change every chart.
  const shared = chartFiles.some((p) => !owner(p));
  const charts = shared ? [] : [...new Set(chartFiles.map((p) => chartName(owner(p)!)))].sort();
  const k8sRules =
    shared || staged.some((p) => p === 'k8s/blueprint.yaml' || p === 'k8s/namespaces.yaml');
  if (charts.length || k8sRules) {
    checks.push({
      title: `helm-lint and blueprint (${charts.length ? charts.join(', ') : 'all charts'})`,
      command: o.tools.tsx,
      args: [
        `${o.tools.scriptsDir}/helm-lint.ts`,
        '--root',
        '.',
        ...charts.flatMap((c) => ['--chart', c]),
      ],
    });
  }
  if (staged.some((p) => p === 'k8s/blueprint.yaml' || p.startsWith('k8s/ai-ops/generated/'))) {
    checks.push({
      title: 'generated guardrails up to date',
      command: o.tools.tsx,
      args: [`${o.tools.scriptsDir}/ai-generate.ts`, '--check'],
    });
  }
  return checks;
}
