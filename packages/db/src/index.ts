export * from './client';
export * as schema from './schema';
export {
  tasks,
  users,
  sessions,
  accounts,
  verifications,
  apiTokens,
  conversations,
  messages,
} from './schema';
export type { TaskRow, ApiTokenRow, MessageRow } from './schema';
export * from './repositories/tasks';
export * from './repositories/api-tokens';
export * from './repositories/conversations';
