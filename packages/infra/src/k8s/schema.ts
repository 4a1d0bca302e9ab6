import * as k8s from '@kubernetes/client-node';

/**
 * Offline validation of Kubernetes objects against the API types, so that a typo'd field or
 * a wrong type fails before anything reaches a cluster. The field map comes from the official
 * JavaScript client's generated models (every field of every type, from the OpenAPI spec).
 */
export interface SchemaError {
  path: string;
  message: string;
}

interface Attribute {
  baseName: string;
  type: string;
}
type Model = { getAttributeTypeMap(): Attribute[] };

const models = k8s as unknown as Record<string, Model | undefined>;

/** `apps/v1` + `Deployment` → `V1Deployment`; `autoscaling/v2` → `V2HorizontalPodAutoscaler`. */
export function modelName(apiVersion: string, kind: string): string {
  const version = apiVersion.split('/').at(-1) ?? '';
  return `${version[0]?.toUpperCase()}${version.slice(1)}${kind}`;
}

export function isKnownKind(apiVersion: string, kind: string): boolean {
  return typeof models[modelName(apiVersion, kind)]?.getAttributeTypeMap === 'function';
}

export function validateObject(obj: Record<string, unknown>): SchemaError[] {
  const apiVersion = obj.apiVersion;
  const kind = obj.kind;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    return [{ path: '', message: 'apiVersion and kind are required strings' }];
  }
  const name = modelName(apiVersion, kind);
  if (!isKnownKind(apiVersion, kind)) {
    return [
      {
        path: 'kind',
        message: `${apiVersion} ${kind} is not a Kubernetes API type this checker knows`,
      },
    ];
  }
  const errors: SchemaError[] = [];
  check(obj, name, '', errors);
  return errors;
}

const describe = (v: unknown) =>
  Array.isArray(v) ? 'a list' : v === null ? 'null' : `a ${typeof v}`;

function check(value: unknown, type: string, path: string, errors: SchemaError[]): void {
  if (value === null || value === undefined) return;
  const at = path || '(root)';
  if (type === 'any' || type === 'object' || type === 'Date') return;
  if (type === 'string') {
    // Quantities (resources) may be written as plain numbers.
    if (
      typeof value !== 'string' &&
      !(typeof value === 'number' && /(limits|requests|capacity)\.[^.]+$/.test(path))
    ) {
      errors.push({ path: at, message: `must be a string, not ${describe(value)}` });
    }
    return;
  }
  if (type === 'number') {
    if (typeof value !== 'number')
      errors.push({ path: at, message: `must be a number, not ${describe(value)}` });
    return;
  }
  if (type === 'boolean') {
    if (typeof value !== 'boolean')
      errors.push({ path: at, message: `must be true or false, not ${describe(value)}` });
    return;
  }
  if (type === 'IntOrString') {
    if (typeof value !== 'string' && typeof value !== 'number') {
      errors.push({ path: at, message: `must be a number or a string, not ${describe(value)}` });
    }
    return;
  }
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    if (!Array.isArray(value)) {
      errors.push({ path: at, message: `must be a list, not ${describe(value)}` });
      return;
    }
    value.forEach((item, i) => check(item, array[1]!, `${path}[${i}]`, errors));
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    if (typeof value !== 'object' || Array.isArray(value)) {
      errors.push({ path: at, message: `must be a map, not ${describe(value)}` });
      return;
    }
    for (const [k, v] of Object.entries(value))
      check(v, map[1]!, path ? `${path}.${k}` : k, errors);
    return;
  }
  const model = models[type];
  if (!model?.getAttributeTypeMap) return; // a type the client does not describe: accept
  if (typeof value !== 'object' || Array.isArray(value)) {
    errors.push({ path: at, message: `must be an object (${type}), not ${describe(value)}` });
    return;
  }
  const fields = new Map(model.getAttributeTypeMap().map((a) => [a.baseName, a.type]));
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const fieldType = fields.get(key);
    const fieldPath = path ? `${path}.${key}` : key;
    if (!fieldType) {
      errors.push({
        path: fieldPath,
        message: `is not a field of ${type.replace(/^V\d\w*?(?=[A-Z])/, '')}`,
      });
      continue;
    }
    check(v, fieldType, fieldPath, errors);
  }
}
