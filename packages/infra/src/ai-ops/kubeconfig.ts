import { stringify } from 'yaml';

/**
 * A kubeconfig for an agent's ServiceAccount: the current cluster's server and CA, and a
 * short-lived token from the TokenRequest API (`kubectl create token`). kubectl-ai then acts
 * with that account's least privilege instead of the user's admin context.
 */
export function agentKubeconfig(o: {
  minifiedConfig: string;
  token: string;
  serviceAccount: string;
  namespace: string;
}): string {
  const config = JSON.parse(o.minifiedConfig) as {
    clusters?: {
      name: string;
      cluster: {
        server: string;
        'certificate-authority-data'?: string;
        'certificate-authority'?: string;
        'insecure-skip-tls-verify'?: boolean;
      };
    }[];
  };
  const cluster = config.clusters?.[0];
  if (!cluster?.cluster.server) throw new Error('the current context has no cluster server');
  const name = `${o.serviceAccount}@${cluster.name}`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster.name, cluster: cluster.cluster }],
    users: [{ name: o.serviceAccount, user: { token: o.token.trim() } }],
    contexts: [
      { name, context: { cluster: cluster.name, user: o.serviceAccount, namespace: o.namespace } },
    ],
    'current-context': name,
  });
}
