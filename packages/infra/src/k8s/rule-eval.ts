import { podSpecPath, type RuleCheck, type Cond, type Over, type Pattern, type Ref } from './rules';

/** The rule table, judged in TypeScript: the same terms the CEL compiler translates. */

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function at(root: unknown, path: string): unknown {
  let v = root;
  for (const key of path.split('.').filter(Boolean)) {
    if (!isObj(v)) return undefined;
    v = v[key];
  }
  return v;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

export const toRegExp = (p: Pattern) => new RegExp(p.source, p.flags);

interface Scope {
  object: Json;
  pod: Json;
  item: unknown;
}

function resolve(ref: Ref, s: Scope): unknown {
  switch (ref.from) {
    case 'item':
      return at(s.item, ref.path);
    case 'pod':
      return at(s.pod, ref.path);
    case 'object':
      return at(s.object, ref.path);
    case 'key':
      return (s.item as { key: string }).key;
    case 'value':
      return (s.item as { value: unknown }).value;
    case 'effective': {
      const own = at(s.item, `securityContext.${ref.key}`);
      const base = own !== undefined ? own : at(s.pod, `securityContext.${ref.key}`);
      return ref.path ? at(base, ref.path) : base;
    }
  }
}

export function holds(cond: Cond, s: Scope): boolean {
  switch (cond.op) {
    case 'is':
      return resolve(cond.ref, s) === cond.value;
    case 'isNot':
      return resolve(cond.ref, s) !== cond.value;
    case 'present':
      return resolve(cond.ref, s) !== undefined;
    case 'absent':
      return resolve(cond.ref, s) === undefined;
    case 'gt': {
      const v = resolve(cond.ref, s);
      return typeof v === 'number' && v > cond.value;
    }
    case 'oneOf': {
      const v = resolve(cond.ref, s);
      return typeof v === 'string' && cond.values.includes(v);
    }
    case 'includes': {
      const v = resolve(cond.ref, s);
      return Array.isArray(v) && v.includes(cond.value);
    }
    case 'empty': {
      const v = resolve(cond.ref, s);
      if (v === undefined) return true;
      if (Array.isArray(v) || typeof v === 'string') return v.length === 0;
      return isObj(v) && Object.keys(v).length === 0;
    }
    case 'matches': {
      const v = resolve(cond.ref, s);
      return typeof v === 'string' && toRegExp(cond.pattern).test(v);
    }
    case 'differ': {
      const [a, b] = cond.refs.map((r) => resolve(r, s));
      return a === undefined || b === undefined || !deepEqual(a, b);
    }
    case 'not':
      return !holds(cond.cond, s);
    case 'and':
      return cond.conds.every((c) => holds(c, s));
    case 'or':
      return cond.conds.some((c) => holds(c, s));
  }
}

const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);

/** The items a check looks at, each with the path of the item in the object. */
function itemsOf(over: Over, obj: Json): { item: unknown; path: string; pod: Json }[] {
  const podPath = podSpecPath(String(obj.kind ?? ''));
  const podSpec = podPath ? at(obj, podPath) : undefined;
  const p = isObj(podSpec) ? podSpec : {};
  const containers = (fields: string[]) =>
    fields.flatMap((f) =>
      list(p[f]).map((c, i) => ({ item: c, path: `${podPath}.${f}[${i}]`, pod: p })),
    );
  switch (over) {
    case 'object':
      return [{ item: obj, path: '', pod: p }];
    case 'pod':
      return podPath ? [{ item: p, path: podPath, pod: p }] : [];
    case 'containers':
      return containers(['initContainers', 'containers', 'ephemeralContainers']);
    case 'podContainers':
      return containers(['initContainers', 'containers']);
    case 'appContainers':
      return containers(['containers']);
    case 'volumes':
      return list(p.volumes).map((v, i) => ({ item: v, path: `${podPath}.volumes[${i}]`, pod: p }));
    case 'env':
      return containers(['initContainers', 'containers', 'ephemeralContainers']).flatMap((c) =>
        list((c.item as Json).env).map((e, i) => ({
          item: e,
          path: `${c.path}.env[${i}]`,
          pod: p,
        })),
      );
    case 'configMapData':
      return Object.entries(isObj(obj.data) ? obj.data : {}).map(([key, value]) => ({
        item: { key, value },
        path: `data.${key}`,
        pod: p,
      }));
  }
}

export interface Finding {
  field: string;
  message: string;
}

/** Every failed condition of the checks on one object. */
export function evaluateChecks(checks: RuleCheck[], obj: Json): Finding[] {
  const kind = String(obj.kind ?? '');
  return checks
    .filter((c) => c.kinds.includes(kind))
    .flatMap((c) =>
      itemsOf(c.over, obj)
        .filter((it) => !holds(c.test, { object: obj, pod: it.pod, item: it.item }))
        .map((it) => ({
          field: [it.path, c.field].filter(Boolean).join('.'),
          message: c.message(it.item as Json),
        })),
    );
}
