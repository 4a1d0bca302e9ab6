/** @todo/infra: the typed library behind the scripts. Each folder is one room; see its index. */
export * from './tools';
export * from './k8s';
export * from './deploy';
export * from './operate';
export * from './ai-ops';
export * from './checks';
