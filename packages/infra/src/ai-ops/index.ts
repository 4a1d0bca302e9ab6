/** Guardrails for AI agents: RBAC, the admission policy and its CEL evaluator, command checks, kagent, kubeconfigs. */
export * from './rbac';
export * from './admission';
export * from './cel';
export * from './command-check';
export * from './kagent';
export * from './kubeconfig';
export * from './scope';
export * from './policy-corpus';
export * from './rule-cel';
export * from './kubectl-ai';
