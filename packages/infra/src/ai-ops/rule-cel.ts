import type { RuleCheck, Cond, Over, Pattern, Ref } from '../k8s/rules';

/**
 * The rule table compiled to CEL for a ValidatingAdmissionPolicy. Absent fields are guarded
 * with `has()` so a missing field reads as "absent" exactly as in the TypeScript judge, and a
 * value of the wrong type makes a condition false (never an evaluation error) where that
 * judge would say false too.
 */

/** The policy's variables: the pod spec of any workload kind and all of its containers. */
export const celVariables = [
  {
    name: 'podSpec',
    expression:
      "object.kind == 'Pod' ? object.spec : (object.kind == 'CronJob' ? object.spec.jobTemplate.spec.template.spec : object.spec.template.spec)",
  },
  {
    name: 'podContainers',
    expression:
      'variables.podSpec.containers' +
      ' + (has(variables.podSpec.initContainers) ? variables.podSpec.initContainers : [])',
  },
  {
    name: 'containers',
    expression:
      'variables.podContainers' +
      ' + (has(variables.podSpec.ephemeralContainers) ? variables.podSpec.ephemeralContainers : [])',
  },
];

const ident = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A CEL string literal. */
export const celString = (s: string) =>
  `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;

const literal = (v: string | number | boolean) =>
  typeof v === 'string' ? celString(v) : String(v);

/** `has()` for every step of a path below a base expression that is known to exist. */
function presence(base: string, path: string): { present: string; value: string } {
  const keys = path.split('.').filter(Boolean);
  const guards: string[] = [];
  let value = base;
  for (const key of keys) {
    if (!ident.test(key)) throw new Error(`rule path key "${key}" is not a CEL identifier`);
    value = `${value}.${key}`;
    guards.push(`has(${value})`);
  }
  return { present: guards.length ? guards.join(' && ') : 'true', value };
}

interface Vars {
  item: string;
  key?: string;
}

function ref(r: Ref, v: Vars): { present: string; value: string } {
  switch (r.from) {
    case 'item':
      return presence(v.item, r.path);
    case 'pod':
      return presence('variables.podSpec', r.path);
    case 'object':
      return presence('object', r.path);
    case 'key':
      return { present: 'true', value: v.key! };
    case 'value':
      return { present: 'true', value: `object.data[${v.key!}]` };
    case 'effective': {
      const own = presence(`${v.item}.securityContext`, r.key);
      const own2 = presence(own.value, r.path ?? '');
      const pod = presence(`variables.podSpec.securityContext`, r.key);
      const pod2 = presence(pod.value, r.path ?? '');
      const hasOwn = `has(${v.item}.securityContext) && ${own.present}`;
      const hasPod = `has(variables.podSpec.securityContext) && ${pod.present}`;
      return {
        present: `((${hasOwn}) ? (${own2.present}) : (${hasPod} && ${pod2.present}))`,
        value: `((${hasOwn}) ? ${own2.value} : ${pod2.value})`,
      };
    }
  }
}

const re2 = (p: Pattern) => {
  if (!p.source.startsWith('^') || !p.source.endsWith('$'))
    throw new Error(`rule pattern ${p.source} must be anchored (^…$)`);
  return celString(p.flags ? `(?${p.flags})${p.source}` : p.source);
};

export function condToCel(c: Cond, v: Vars): string {
  switch (c.op) {
    case 'is': {
      const r = ref(c.ref, v);
      return `(${r.present} && ${r.value} == ${literal(c.value)})`;
    }
    case 'isNot': {
      const r = ref(c.ref, v);
      return `!(${r.present} && ${r.value} == ${literal(c.value)})`;
    }
    case 'present':
      return `(${ref(c.ref, v).present})`;
    case 'absent':
      return `!(${ref(c.ref, v).present})`;
    case 'gt': {
      const r = ref(c.ref, v);
      return `(${r.present} && type(${r.value}) == int && ${r.value} > ${c.value})`;
    }
    case 'oneOf': {
      const r = ref(c.ref, v);
      return `(${r.present} && ${r.value} in [${c.values.map(celString).join(', ')}])`;
    }
    case 'includes': {
      const r = ref(c.ref, v);
      return `(${r.present} && type(${r.value}) == list && ${celString(c.value)} in ${r.value})`;
    }
    case 'empty': {
      const r = ref(c.ref, v);
      return `(!(${r.present}) || size(${r.value}) == 0)`;
    }
    case 'matches': {
      const r = ref(c.ref, v);
      return `(${r.present} && type(${r.value}) == string && ${r.value}.matches(${re2(c.pattern)}))`;
    }
    case 'differ': {
      const [a, b] = c.refs.map((x) => ref(x, v)) as [
        { present: string; value: string },
        { present: string; value: string },
      ];
      return `(!(${a.present}) || !(${b.present}) || ${a.value} != ${b.value})`;
    }
    case 'not':
      return `!${condToCel(c.cond, v)}`;
    case 'and':
    case 'or':
      return `(${c.conds.map((x) => condToCel(x, v)).join(c.op === 'and' ? ' && ' : ' || ')})`;
  }
}

function overToCel(over: Over, test: Cond): string {
  switch (over) {
    case 'object':
      return condToCel(test, { item: 'object' });
    case 'pod':
      return condToCel(test, { item: 'variables.podSpec' });
    case 'containers':
      return `variables.containers.all(c, ${condToCel(test, { item: 'c' })})`;
    case 'podContainers':
      return `variables.podContainers.all(c, ${condToCel(test, { item: 'c' })})`;
    case 'appContainers':
      return `variables.podSpec.containers.all(c, ${condToCel(test, { item: 'c' })})`;
    case 'volumes':
      return `(!has(variables.podSpec.volumes) || variables.podSpec.volumes.all(v, ${condToCel(test, { item: 'v' })}))`;
    case 'env':
      return `variables.containers.all(c, !has(c.env) || c.env.all(e, ${condToCel(test, { item: 'e' })}))`;
    case 'configMapData':
      return `(!has(object.data) || object.data.all(k, ${condToCel(test, { item: 'k', key: 'k' })}))`;
  }
}

/** One CEL expression per constraint: true when the object complies with every check. */
export function checksToCel(checks: RuleCheck[]): string {
  return checks
    .map(
      (c) =>
        `(!(object.kind in [${c.kinds.map(celString).join(', ')}]) || ${overToCel(c.over, c.test)})`,
    )
    .join(' && ');
}
