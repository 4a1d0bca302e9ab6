/** Kubernetes objects offline: reading manifests, API-type schema, the blueprint, pod specs. */
export * from './manifests';
export * from './schema';
export * from './blueprint';
export * from './podspec';
export * from './rules';
export * from './rule-eval';
