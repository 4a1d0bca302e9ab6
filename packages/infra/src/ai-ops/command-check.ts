import { parse as parseYaml } from 'yaml';
import type { Blueprint } from '../k8s/blueprint';
import { kubectlArgs, parseCommandLine } from './command-parse';

export interface Decision {
  allow: boolean;
  reasons: string[];
}

/**
 * Whether the blueprint lets an automated agent run a command line on its own: exactly one
 * plain kubectl invocation, inside the app namespaces, doing what `scope.automation.mayChange`
 * lists (reads except Secrets, logs and events, scaling Deployments within
 * `scope.automation.replicas`, rollout restart, patching Deployment resources). Everything
 * else is in `needsHuman` and is denied with the reason.
 */

const readVerbs = new Set(['get', 'describe', 'logs', 'top', 'events', 'wait']);
const clusterFreeVerbs = new Set(['version', 'api-resources', 'api-versions', 'explain']);
/** Flags that would leave the agent's own identity, cluster or namespace scope. */
const identityFlags = [
  'kubeconfig',
  'context',
  'cluster',
  'user',
  'token',
  'as',
  'as-group',
  'as-uid',
  's',
  'server',
];

const deny = (...reasons: string[]): Decision => ({ allow: false, reasons });
const allow = (...reasons: string[]): Decision => ({ allow: true, reasons });

const kindOf = (target: string) => target.toLowerCase().split('/')[0]!.split('.')[0]!;
const isDeployment = (k: string) => ['deployment', 'deployments', 'deploy'].includes(k);
const isSecret = (k: string) => k === 'secret' || k === 'secrets';

/** The resource kinds named by the positionals (`pods,secrets`, `deploy/x`, `pod x y`). */
function targetKinds(positionals: string[]): string[] {
  if (!positionals.length) return [];
  const first = positionals[0]!;
  if (positionals.some((p) => p.includes('/'))) return positionals.map(kindOf);
  return first.split(',').map(kindOf);
}

export function checkKubectlCommand(line: string, bp: Blueprint): Decision {
  const parsed = parseCommandLine(line.trim());
  if (!parsed.ok)
    return deny(`only one plain kubectl command can be checked: ${parsed.reason}; ask a person`);
  const [program, ...words] = parsed.words;
  if (program !== 'kubectl' && !program?.endsWith('/kubectl'))
    return deny(
      `only kubectl commands are in the blueprint's mayChange list (got ${program ?? 'nothing'})`,
    );
  const verb0 = words.find((w) => !w.startsWith('-'));
  const { args, flags } = kubectlArgs(words, verb0 === 'patch' ? ['p'] : []);
  const verb = args[0];
  if (!verb) return deny('no kubectl command given');
  const used = identityFlags.filter((f) => flags.has(f));
  if (used.length)
    return deny(
      `--${used[0]} would act as another identity or on another cluster: the agent uses its own kubeconfig only`,
    );
  if (clusterFreeVerbs.has(verb)) return allow(`read-only ${verb}`);

  const scope = bp.scope.namespaces;
  const namespace = flags.get('namespace') ?? flags.get('n');
  // `kubectl rollout restart deployment/x`: the resource follows the subcommand.
  const positionals = verb === 'rollout' ? args.slice(2) : args.slice(1);
  const kinds = targetKinds(positionals);
  if (kinds.some(isSecret))
    return deny(
      'Secrets need a person: reading or changing Secrets is in the blueprint’s needsHuman list',
    );
  if (flags.has('all-namespaces') || flags.has('A'))
    return deny(`cluster-wide commands need a person: give -n with one of ${scope.join(', ')}`);
  if (!namespace)
    return deny(`give -n <namespace> (one of ${scope.join(', ')}): anything else needs a person`);
  if (!scope.includes(namespace))
    return deny(
      `namespace ${namespace} is outside ${scope.join(', ')}: that needs a person (needsHuman)`,
    );

  if (readVerbs.has(verb) || (verb === 'rollout' && ['status', 'history'].includes(args[1] ?? '')))
    return allow(`read-only ${verb === 'rollout' ? `rollout ${args[1]}` : verb} in ${namespace}`);

  const { min, max } = bp.scope.automation.replicas;
  switch (verb) {
    case 'scale': {
      if (!kinds.length || !kinds.every(isDeployment))
        return deny(
          `scaling ${kinds.join(', ') || 'that'} needs a person: only Deployments may be scaled by an agent`,
        );
      const replicas = Number(flags.get('replicas'));
      if (!Number.isInteger(replicas)) return deny('scale needs --replicas');
      if (replicas === 0) return deny('scaling to zero needs a person (needsHuman)');
      if (replicas < min || replicas > max)
        return deny(`agents may scale Deployments between ${min} and ${max} replicas`);
      return allow(`scale a Deployment to ${replicas} in ${namespace}`);
    }
    case 'rollout':
      if (args[1] !== 'restart')
        return deny(
          `rollout ${args[1] ?? ''} is not in the blueprint’s mayChange list; ask a person`,
        );
      if (!kinds.length || !kinds.every(isDeployment))
        return deny('only Deployments may be rolled out by an agent');
      return allow(`rollout restart of a Deployment in ${namespace}`);
    case 'patch':
      if (!kinds.length || !kinds.every(isDeployment))
        return deny(
          `patching ${kinds.join(', ')} needs a person: StatefulSets, PVCs, NetworkPolicies, RBAC and namespaces are needsHuman`,
        );
      return checkDeploymentPatch(
        flags.get('patch') ?? flags.get('p'),
        flags.get('type'),
        { min, max },
        namespace,
      );
    case 'delete':
      if (kinds.length && kinds.every((k) => ['pod', 'pods', 'po'].includes(k)))
        return allow('deleting a pod: its controller recreates it');
      return deny('deleting anything but pods needs a person (needsHuman)');
    default:
      return deny(`kubectl ${verb} is not in the blueprint’s mayChange list; ask a person`);
  }
}

/**
 * mayChange allows patching a Deployment's resources (and replicas within bounds), nothing
 * else: a patch that would change images, commands or security settings needs a person.
 */
function checkDeploymentPatch(
  body: string | undefined,
  type: string | undefined,
  bounds: { min: number; max: number },
  namespace: string,
): Decision {
  if (!body) return deny('patch needs -p with the change, so it can be checked');
  let doc: unknown;
  try {
    doc = parseYaml(body);
  } catch {
    return deny('the patch is not JSON or YAML');
  }
  const replicasOk = (n: unknown) => typeof n === 'number' && n >= bounds.min && n <= bounds.max;
  const problems: string[] = [];
  if (type === 'json') {
    if (!Array.isArray(doc)) return deny('a JSON patch is a list of operations');
    for (const op of doc as { op?: string; path?: string; value?: unknown }[]) {
      const p = op.path ?? '';
      if (/^\/spec\/template\/spec\/containers\/\d+\/resources(\/|$)/.test(p)) continue;
      if (p === '/spec/replicas' && replicasOk(op.value)) continue;
      problems.push(p || '(no path)');
    }
  } else {
    const visit = (v: unknown, at: string) => {
      if (at === 'spec.replicas') {
        if (!replicasOk(v)) problems.push(`spec.replicas=${JSON.stringify(v)}`);
        return;
      }
      if (/^spec\.template\.spec\.containers\[\d+\]\.(name|resources)$/.test(at)) return;
      if (Array.isArray(v) && at === 'spec.template.spec.containers') {
        v.forEach((c, i) => visit(c, `${at}[${i}]`));
        return;
      }
      if (
        v &&
        typeof v === 'object' &&
        !Array.isArray(v) &&
        /^(|spec|spec\.template|spec\.template\.spec|spec\.template\.spec\.containers\[\d+\])$/.test(
          at,
        )
      ) {
        for (const [k, x] of Object.entries(v)) visit(x, at ? `${at}.${k}` : k);
        return;
      }
      problems.push(at || '(the whole object)');
    };
    visit(doc, '');
  }
  if (problems.length)
    return deny(
      `the patch changes ${problems.join(', ')}: agents may patch only container resources (and replicas ${bounds.min}–${bounds.max}); ask a person`,
    );
  return allow(`patch Deployment resources in ${namespace} (admission policies still apply)`);
}
