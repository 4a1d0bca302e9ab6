/** Taking the app onto a cluster: the release table, the plan, images, the cluster, chart lint, watch. */
export * from './releases';
export * from './steps';
export * from './plan';
export * from './namespaces';
export * from './images';
export * from './cluster';
export * from './image-loader';
export * from './lint';
export * from './watch';
export * from './diagnose';
