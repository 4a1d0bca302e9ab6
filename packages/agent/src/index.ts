export * from './agent';
export * from './tools';
export { LlmError, type LlmConfig } from './llm';
export {
  runOfflineTurn,
  emptyMemory,
  type Memory,
  type PendingState,
  type TurnResult,
} from './engine/index';
export * from './safety';
