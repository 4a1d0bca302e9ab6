export * from './client';
export * as schema from './schema';
export { tasks, users, sessions, accounts, verifications, apiTokens } from './schema';
export type { TaskRow, ApiTokenRow } from './schema';
export * from './time';
export * from './repositories/tasks';
export * from './repositories/api-tokens';
