export * from './runner';
export * from './tools';
export * from './images';
export * from './smoke';
export * from './k8s-schema';
export * from './blueprint';
export * from './helm';
export * from './podspec';
