import type { Priority } from '@todo/contracts';
import type { Toolbox } from '../tools';

/** What one turn of the offline engine takes, gives back, and waits for. */

export type Action = 'complete' | 'reopen' | 'delete' | 'update';
export type Patch = {
  title?: string;
  priority?: Priority;
  dueAt?: string | null;
  addTags?: string[];
  removeTags?: string[];
  description?: string;
};

/** What the engine waits for between turns; stored with the assistant's message. */
export type PendingState =
  | { kind: 'choose'; action: Action; patch?: Patch; candidates: number[] }
  | { kind: 'confirm'; action: 'delete_all' | 'delete_completed' };

export interface TurnInput {
  message: string;
  now: Date;
  timeZone: string;
  pending: PendingState | null;
  tools: Toolbox;
}

export interface TurnResult {
  reply: string;
  pending: PendingState | null;
  /** False when the engine did not understand the message (the help reply). */
  understood: boolean;
}

/** One way of reading a message: a result when it applies, null to let the next one try. */
export type Intent = (text: string, input: TurnInput) => Promise<TurnResult | null>;

export const done = (reply: string, pending: PendingState | null = null): TurnResult => ({
  reply,
  pending,
  understood: true,
});

export const help = (reply: string): TurnResult => ({ reply, pending: null, understood: false });
