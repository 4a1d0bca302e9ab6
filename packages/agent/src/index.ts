export * from './agent';
export * from './tools';
export { LlmError, type LlmConfig } from './llm';
export { runOfflineTurn, type PendingState, type TurnResult } from './engine/index';
export { parseDue } from './engine/dates';
