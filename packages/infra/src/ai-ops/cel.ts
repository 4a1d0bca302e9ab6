import { celEnv, celError, parse, plan } from '@bufbuild/cel';

// Parsing and planning is most of the cost: each expression is planned once per process.
const env = celEnv();
const programs = new Map<string, (bindings: Record<string, unknown>) => unknown>();
function run(expr: string, bindings: Record<string, unknown>): unknown {
  let program = programs.get(expr);
  if (!program) {
    try {
      program = plan(env, parse(expr)) as never;
    } catch (e) {
      const error = celError(e);
      program = () => error;
    }
    programs.set(expr, program!);
  }
  try {
    return program!(bindings);
  } catch (e) {
    return celError(e);
  }
}

/** JSON as CEL sees Kubernetes objects: integers are CEL ints, objects are maps. */
function toCel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toCel);
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (value && typeof value === 'object') {
    return new Map(Object.entries(value).map(([k, v]) => [k, toCel(v)]));
  }
  return value;
}

/**
 * Evaluates a ValidatingAdmissionPolicy offline, as the API server would: variables first
 * (in order), then each validation. Returns the messages of the validations that fail.
 */
export function evaluatePolicy(
  policy: {
    spec: {
      matchConstraints?: { resourceRules?: { resources: string[] }[] };
      variables?: { name: string; expression: string }[];
      validations: { expression: string; message: string }[];
    };
  },
  object: unknown,
): string[] {
  // The API server only sends the kinds the policy matches (Deployment → deployments).
  const kind = ((object as { kind?: string }).kind ?? '').toLowerCase();
  const resources = policy.spec.matchConstraints?.resourceRules?.flatMap((r) => r.resources);
  if (resources && !resources.includes(kind.endsWith('y') ? `${kind.slice(0, -1)}ies` : `${kind}s`))
    return [];
  const obj = toCel(object);
  const vars = new Map<string, unknown>();
  for (const v of policy.spec.variables ?? []) {
    vars.set(v.name, run(v.expression, { object: obj, variables: vars } as never));
  }
  const failures: string[] = [];
  for (const v of policy.spec.validations) {
    const result = run(v.expression, { object: obj, variables: vars } as never);
    if (result !== true) {
      failures.push(
        typeof result === 'boolean'
          ? v.message
          : `${v.message} (CEL error: ${String((result as { message?: string })?.message ?? result)})`,
      );
    }
  }
  return failures;
}
