import { parseAllDocuments } from 'yaml';
import { DEFAULT_PREFIX, namespaceRoles, namespaces } from './releases';

export const NAMESPACES_FILE = 'k8s/namespaces.yaml';

/**
 * k8s/namespaces.yaml with its Namespace names given the prefix (todo-backend → alice-backend).
 * Each document is edited as YAML (comments and labels kept); a Namespace that is not one of
 * the app's roles is an error, not silently applied under its old name.
 */
export function namespacesManifest(text: string, prefix: string): string {
  const docs = parseAllDocuments(text);
  const broken = docs.find((d) => d.errors.length > 0);
  if (broken) throw new Error(`${NAMESPACES_FILE} is not valid YAML: ${broken.errors[0]!.message}`);
  const byDefaultName = new Map(
    namespaceRoles.map((role) => [namespaces(DEFAULT_PREFIX)[role], namespaces(prefix)[role]]),
  );
  for (const doc of docs) {
    if (doc.get('kind') !== 'Namespace') continue;
    const name = doc.getIn(['metadata', 'name']);
    const renamed = typeof name === 'string' ? byDefaultName.get(name) : undefined;
    if (!renamed) {
      throw new Error(
        `${NAMESPACES_FILE}: Namespace ${String(name)} is not one of ${[...byDefaultName.keys()].join(', ')}`,
      );
    }
    doc.setIn(['metadata', 'name'], renamed);
  }
  return docs.map((d) => d.toString()).join('');
}
