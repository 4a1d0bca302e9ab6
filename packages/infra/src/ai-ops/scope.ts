import { appNamespaces, releases, type ReleaseSpec } from '../deploy/releases';
import type { Blueprint } from '../k8s/blueprint';

/**
 * The namespaces agents are given rights in and the admission policy guards: those the
 * releases install into. Each must be inside the blueprint's scope; a release outside it is a
 * mistake to fix in the table or in a reviewed blueprint change, not a silent new grant.
 */
export function agentNamespaces(bp: Blueprint, table: readonly ReleaseSpec[] = releases): string[] {
  const names = appNamespaces(undefined, table);
  const outside = names.filter((n) => !bp.scope.namespaces.includes(n));
  if (outside.length) {
    throw new Error(
      `namespace ${outside.join(', ')} of the release table is outside the blueprint's scope (k8s/blueprint.yaml scope.namespaces)`,
    );
  }
  return names;
}
