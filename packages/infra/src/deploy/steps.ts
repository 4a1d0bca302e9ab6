import type { CommandRunner } from '../tools/runner';

/**
 * What a step does, for the code that selects steps (a watch cycle, a failure report):
 * - `load`: make a built image available inside the cluster (`image`)
 * - `namespaces`: apply the app's namespaces
 * - `release`: `helm upgrade --install` one release (`release`, `namespace`)
 * - `uninstall`: `helm uninstall` one release (`release`, `namespace`)
 * - `apply` / `delete`: other kubectl objects (Secrets, manifests; data and namespaces on purge)
 */
export type StepKind = 'load' | 'namespaces' | 'release' | 'uninstall' | 'apply' | 'delete';

/** One external command of a plan, exactly as it will run, and what it is. */
export interface DeployStep {
  kind: StepKind;
  /** The Helm release a `release`/`uninstall` step acts on. */
  release?: string;
  /** The namespace the step acts in, when it acts in one. */
  namespace?: string;
  /** The image ref a `load` step makes available. */
  image?: string;
  /** For people only (progress lines, --dry-run); no code reads it. */
  title: string;
  command: string;
  args: string[];
  /** Standard input (values with secrets): passed to the command, never printed. */
  input?: string;
  /** What the input holds, for --dry-run output (names only, never values). */
  inputSummary?: string;
  /** Skipped when this command's output contains `contains` (e.g. the image is already loaded). */
  skipIf?: { command: string; args: string[]; contains: string };
}

/** The plan as a reviewer reads it: one command per line, stdin described, never shown. */
export function formatPlan(steps: DeployStep[]): string {
  return steps
    .map((s, i) => {
      const args = s.args.map((a) => (/[\s"'$\\]/.test(a) ? JSON.stringify(a) : a)).join(' ');
      const stdin = s.inputSummary ? `   # stdin: ${s.inputSummary}` : '';
      return `${i + 1}. ${s.title}\n   ${s.command} ${args}${stdin}`;
    })
    .join('\n');
}

export interface StepResult {
  step: DeployStep;
  ok: boolean;
  skipped?: boolean;
  ms: number;
  output: string;
}

/** Runs the plan in order and stops at the first failure. */
export async function runPlan(
  runner: CommandRunner,
  steps: DeployStep[],
  onStep?: (r: StepResult) => void,
  onStart?: (step: DeployStep) => void,
): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const step of steps) {
    onStart?.(step);
    const started = performance.now();
    if (step.skipIf) {
      const check = await runner.run(step.skipIf.command, step.skipIf.args);
      if (check.exitCode === 0 && check.stdout.includes(step.skipIf.contains)) {
        const result = {
          step,
          ok: true,
          skipped: true,
          ms: Math.round(performance.now() - started),
          output: '',
        };
        results.push(result);
        onStep?.(result);
        continue;
      }
    }
    const r = await runner.run(step.command, step.args, { input: step.input });
    const result = {
      step,
      ok: r.exitCode === 0,
      ms: Math.round(performance.now() - started),
      output: `${r.stdout}${r.stderr}`,
    };
    results.push(result);
    onStep?.(result);
    if (!result.ok) break;
  }
  return results;
}
