export { CONTEXT_NAME, KUBECONFIG_MARKER, layout, paths, type Layout } from './layout';
export { up, readVersions, type ClusterOptions, type UpReport } from './up';
export { down, type DownReport } from './down';
export { status, type StatusReport } from './status';
