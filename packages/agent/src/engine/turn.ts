import type { Priority } from '@todo/contracts';
import type { Change, Toolbox } from '../tools';

/** What one turn of the offline engine takes, gives back, and waits for. */

export type Action = 'complete' | 'reopen' | 'delete' | 'update';
export type Patch = {
  title?: string;
  priority?: Priority;
  /** One priority step up (1) or down (-1) from the task's own ("lower the priority"). */
  priorityStep?: 1 | -1;
  dueAt?: string | null;
  addTags?: string[];
  removeTags?: string[];
  description?: string;
  /** Change only the time of day, keeping the task's day (today when it has none). */
  dueTime?: [number, number];
  /** Change only the day (an ISO instant at the end of that day), keeping the task's time. */
  dueDay?: string;
  /** Move the due date by this many minutes ("push it back a day"). */
  shiftMinutes?: number;
  /** An RFC 5545 rule ("make it weekly"), or null to stop repeating. */
  recurrence?: string | null;
  /** Take every tag off ("untag the report"). */
  clearTags?: boolean;
  /** "postpone the report" without a date: ask until when, change nothing yet. */
  askDate?: boolean;
};

/** What the engine waits for between turns; stored with the assistant's message. */
export type PendingState =
  | { kind: 'choose'; action: Action; patch?: Patch; candidates: number[] }
  /** A previewed bulk delete: exactly these tasks, after a yes. */
  | { kind: 'confirm'; action: 'delete'; taskIds: number[] }
  /** "postpone the report" named no date: "Until when?", answered by the next message's date. */
  | { kind: 'when'; taskId: number };

/** What the conversation refers to: "it", "the second one", "undo". Kept between turns. */
export interface Memory {
  /** Tasks the last turn added or changed ("mark it done", "make it urgent"). */
  focus: number[];
  /** The last list shown, in order ("the second one"). */
  listed: number[];
  /** How to reverse the assistant's last change. */
  undo?: Change[];
  /** The last change asked for, so "and the taxes too" repeats it on another task. */
  last?: { action: Action; patch?: Patch };
}

export const emptyMemory = (): Memory => ({ focus: [], listed: [] });

export interface TurnInput {
  message: string;
  now: Date;
  timeZone: string;
  pending: PendingState | null;
  memory?: Memory;
  tools: Toolbox;
}

export interface TurnResult {
  reply: string;
  pending: PendingState | null;
  /** False when the engine did not understand the message (the help reply). */
  understood: boolean;
  memory?: Memory;
}

/** One way of reading a message: a result when it applies, null to let the next one try. */
export type Intent = (text: string, input: TurnInput) => Promise<TurnResult | null>;

export const done = (reply: string, pending: PendingState | null = null): TurnResult => ({
  reply,
  pending,
  understood: true,
});

export const help = (reply: string): TurnResult => ({ reply, pending: null, understood: false });
