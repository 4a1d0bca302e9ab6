'use client';

import type { Task } from '@todo/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '@/lib/api';

export const UNDO_MS = 5_000;

/**
 * Deleting with a grace period: the DELETE is sent UNDO_MS after `schedule`, at once when
 * another task is deleted meanwhile, or when the page goes away; `cancel` stops it.
 * `run` reports a failure of the late DELETE to the user.
 */
export function useUndoDelete(run: (action: () => Promise<unknown>) => Promise<void>) {
  const [undo, setUndo] = useState<{ task: Task; timer: ReturnType<typeof setTimeout> } | null>(
    null,
  );
  const undoRef = useRef(undo);
  undoRef.current = undo;

  // A deletion still waiting for its undo window is sent when the page goes away.
  useEffect(() => {
    const flush = () => {
      const pending = undoRef.current;
      if (pending)
        void fetch(`/api/tasks/${pending.task.id}`, { method: 'DELETE', keepalive: true });
    };
    window.addEventListener('pagehide', flush);
    return () => window.removeEventListener('pagehide', flush);
  }, []);

  /** The task waiting to be deleted, read at call time (stable, so it can sit in deps). */
  const pendingId = useCallback(() => undoRef.current?.task.id, []);

  const schedule = (task: Task) => {
    if (undo) {
      clearTimeout(undo.timer);
      void api(`/api/tasks/${undo.task.id}`, { method: 'DELETE' }).catch(() => undefined);
    }
    const timer = setTimeout(() => {
      setUndo(null);
      void run(() => api(`/api/tasks/${task.id}`, { method: 'DELETE' }));
    }, UNDO_MS);
    setUndo({ task, timer });
  };

  /** Keeps the task; false when nothing was waiting. */
  const cancel = () => {
    if (!undo) return false;
    clearTimeout(undo.timer);
    setUndo(null);
    return true;
  };

  return { pending: undo?.task ?? null, pendingId, schedule, cancel };
}
