import { parseAllDocuments } from 'yaml';

export type K8sObject = Record<string, unknown> & {
  kind?: string;
  apiVersion?: string;
  metadata?: { name?: string; namespace?: string };
};

/** Multi-document YAML → Kubernetes objects; a syntax error is reported with its line. */
export function parseManifests(text: string): K8sObject[] {
  const docs = parseAllDocuments(text);
  const broken = docs.find((d) => d.errors.length > 0);
  if (broken) throw new Error(`not valid YAML: ${broken.errors[0]!.message.split('\n')[0]}`);
  return docs
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject =>
      Boolean(o && typeof o === 'object' && typeof o.kind === 'string'),
    );
}
