/**
 * The offline engine: deterministic understanding of task requests, no model needed.
 * It maps a message to tool calls and a friendly reply. Task titles are only ever matched
 * as data; nothing in a title can change what the engine does.
 */
export { runOfflineTurn } from './offline-turn';
export type { Memory, PendingState, TurnInput, TurnResult } from './turn';
export { emptyMemory } from './turn';
