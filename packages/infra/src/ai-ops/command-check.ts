import type { Blueprint } from '../k8s/blueprint';

export interface Decision {
  allow: boolean;
  reasons: string[];
}

const readVerbs = new Set([
  'get',
  'describe',
  'logs',
  'top',
  'explain',
  'api-resources',
  'version',
  'events',
  'wait',
]);

/** Splits a command line into words, honouring quotes (no shell expansion). */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) words.push(m[1] ?? m[2] ?? m[3]!);
  return words;
}

/**
 * Whether the blueprint lets an automated agent run a kubectl command line on its own.
 * Reads are allowed except Secrets; scaling 1–5, rollout restart/status/undo of Deployments
 * and patching Deployments are allowed; the rest needs a person.
 */
export function checkKubectlCommand(line: string, bp: Blueprint): Decision {
  const words = splitWords(line.trim());
  if (words[0] === 'kubectl' || words[0]?.endsWith('/kubectl')) words.shift();
  const flags = new Map<string, string>();
  const args: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w.startsWith('--')) {
      const [k, v] = w.slice(2).split('=', 2);
      flags.set(k!, v ?? (words[i + 1] && !words[i + 1]!.startsWith('-') ? words[++i]! : 'true'));
    } else if (/^-[a-zA-Z]$/.test(w)) {
      flags.set(w.slice(1), words[i + 1] && !words[i + 1]!.startsWith('-') ? words[++i]! : 'true');
    } else {
      args.push(w);
    }
  }
  const deny = (...reasons: string[]): Decision => ({ allow: false, reasons });
  const verb = args[0];
  if (!verb) return deny('no kubectl command given');
  const namespace = flags.get('namespace') ?? flags.get('n');
  const allNamespaces = flags.has('all-namespaces') || flags.get('A') === 'true' || flags.has('A');
  // `kubectl rollout restart deployment/x`: the resource follows the subcommand.
  const target = ((verb === 'rollout' ? args[2] : args[1]) ?? '').toLowerCase();
  const touchesSecrets = /(^|,|\/)secrets?(\/|,|$)/.test(target) || /^secret\//.test(target);
  if (touchesSecrets)
    return deny(
      'Secrets need a person: reading or changing Secrets is in the blueprint’s needsHuman list',
    );

  if (
    readVerbs.has(verb) ||
    (verb === 'rollout' && ['status', 'history'].includes(args[1] ?? ''))
  ) {
    if (allNamespaces || (namespace && !bp.scope.namespaces.includes(namespace))) {
      if (verb === 'get' || verb === 'describe' || verb === 'events' || verb === 'top') {
        // Reads elsewhere are harmless to the app but outside scope: say so, allow.
        return {
          allow: true,
          reasons: [
            `read-only ${verb}; note: outside the app namespaces (${bp.scope.namespaces.join(', ')})`,
          ],
        };
      }
    }
    return { allow: true, reasons: [`read-only ${verb}`] };
  }

  if (!namespace || !bp.scope.namespaces.includes(namespace)) {
    return deny(
      `changes are allowed only in ${bp.scope.namespaces.join(', ')} (give -n <namespace>); anything else needs a person`,
    );
  }
  const kind = target.split('/')[0]!;
  const isDeployment = ['deployment', 'deployments', 'deploy'].includes(kind);
  switch (verb) {
    case 'scale': {
      const replicas = Number(flags.get('replicas'));
      if (!isDeployment)
        return deny(
          `scaling ${kind || 'that'} needs a person: only Deployments may be scaled by an agent`,
        );
      if (!Number.isInteger(replicas)) return deny('scale needs --replicas');
      if (replicas === 0) return deny('scaling to zero needs a person (needsHuman)');
      if (replicas > 5) return deny('agents may scale Deployments between 1 and 5 replicas');
      return { allow: true, reasons: [`scale a Deployment to ${replicas} in ${namespace}`] };
    }
    case 'rollout':
      if (!isDeployment && args[1] !== 'status')
        return deny('only Deployments may be rolled out by an agent');
      if (
        ['restart', 'undo', 'status', 'history'].includes(args[1] ?? '') &&
        (isDeployment || args[2])
      ) {
        return { allow: true, reasons: [`rollout ${args[1]} of a Deployment in ${namespace}`] };
      }
      return deny(`rollout ${args[1] ?? ''} is not in the blueprint’s mayChange list`);
    case 'patch':
      if (isDeployment)
        return {
          allow: true,
          reasons: [`patch a Deployment in ${namespace} (admission policies still apply)`],
        };
      return deny(
        `patching ${kind} needs a person: StatefulSets, PVCs, NetworkPolicies, RBAC and namespaces are needsHuman`,
      );
    case 'delete':
      if (['pod', 'pods', 'po'].includes(kind))
        return { allow: true, reasons: ['deleting a pod: its controller recreates it'] };
      return deny('deleting anything but pods needs a person (needsHuman)');
    default:
      return deny(`kubectl ${verb} is not in the blueprint’s mayChange list; ask a person`);
  }
}
