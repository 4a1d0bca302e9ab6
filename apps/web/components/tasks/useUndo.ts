'use client';

import type { Task } from '@todo/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '@/lib/api';

export const UNDO_MS = 5_000;

/** A change to one task that waits UNDO_MS before it is sent, so it can be taken back. */
export interface Undoable {
  task: Task;
  /** What the toast says happened: "Deleted", "Completed", "Reopened". */
  verb: string;
  method: 'DELETE' | 'PATCH';
  body?: object;
}

/**
 * Changes with a grace period (deleting, completing, reopening): the request goes out
 * UNDO_MS after `schedule`, at once when another change is scheduled meanwhile, or when the
 * page goes away; `cancel` takes it back. `run` reports a failure of the late request;
 * `onSent` hears of each one that went through.
 */
export function useUndo(
  run: (action: () => Promise<unknown>) => Promise<void>,
  onSent: (change: Undoable) => void,
) {
  const [pending, setPending] = useState<{
    change: Undoable;
    timer: ReturnType<typeof setTimeout>;
  } | null>(null);
  const pendingRef = useRef(pending);
  pendingRef.current = pending;
  const onSentRef = useRef(onSent);
  onSentRef.current = onSent;

  const send = (change: Undoable, init: RequestInit = {}) =>
    api(`/api/tasks/${change.task.id}`, {
      method: change.method,
      ...(change.body ? { body: JSON.stringify(change.body) } : {}),
      ...init,
    }).then(() => onSentRef.current(change));

  useEffect(() => {
    const flush = () => {
      const waiting = pendingRef.current;
      if (waiting) void send(waiting.change, { keepalive: true }).catch(() => undefined);
    };
    window.addEventListener('pagehide', flush);
    return () => window.removeEventListener('pagehide', flush);
  }, []);

  /** The task whose change is waiting, read at call time (stable, so it can sit in deps). */
  const pendingId = useCallback(() => pendingRef.current?.change.task.id, []);

  const schedule = (change: Undoable) => {
    const before = pendingRef.current;
    if (before) {
      clearTimeout(before.timer);
      void run(() => send(before.change));
    }
    const timer = setTimeout(() => {
      setPending(null);
      void run(() => send(change));
    }, UNDO_MS);
    const next = { change, timer };
    pendingRef.current = next;
    setPending(next);
  };

  /** Sends the waiting change now (the user moved on to another view). */
  const flush = () => {
    const waiting = pendingRef.current;
    if (!waiting) return;
    clearTimeout(waiting.timer);
    pendingRef.current = null;
    setPending(null);
    void run(() => send(waiting.change));
  };

  /** Takes the waiting change back; null when nothing was waiting. */
  const cancel = (): Undoable | null => {
    const waiting = pendingRef.current;
    if (!waiting) return null;
    clearTimeout(waiting.timer);
    pendingRef.current = null;
    setPending(null);
    return waiting.change;
  };

  return { pending: pending?.change ?? null, pendingId, schedule, cancel, flush };
}
