export * from './tasks';
export * from './task-rules';
export * from './errors';
export * from './tokens';
export * from './chat';
export * from './time';
