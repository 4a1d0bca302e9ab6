'use client';

import type { Task, TaskList } from '@todo/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, json } from '@/lib/api';

/**
 * The tasks `query` selects, a page at a time: the first page when the query or `refreshKey`
 * changes, the next one (the API's cursor) on `loadMore`. `hiddenId` names a task to leave
 * out (one whose deletion or completion can still be undone).
 */
export function useTaskList(query: string, refreshKey: number, hiddenId: () => number | undefined) {
  const [tasks, setTasks] = useState<Task[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  // Answers to an older query (the user changed view meanwhile) are dropped.
  const generation = useRef(0);

  const load = useCallback(async () => {
    const mine = ++generation.current;
    setError(null);
    try {
      const page = await api<TaskList>(`/api/tasks?${query}`);
      if (mine !== generation.current) return;
      const hidden = hiddenId();
      setTasks(page.items.filter((t) => t.id !== hidden));
      setCursor(page.nextCursor);
    } catch (err) {
      if (mine === generation.current) setError((err as Error).message);
    }
  }, [query, hiddenId]);

  useEffect(() => {
    void load();
  }, [load, refreshKey]);

  const loadMore = useCallback(async () => {
    if (!cursor || loadingMore) return;
    const mine = generation.current;
    setLoadingMore(true);
    try {
      const page = await api<TaskList>(`/api/tasks?${query}&cursor=${encodeURIComponent(cursor)}`);
      if (mine !== generation.current) return;
      setTasks((list) => {
        const seen = new Set(list?.map((t) => t.id));
        return [...(list ?? []), ...page.items.filter((t) => !seen.has(t.id))];
      });
      setCursor(page.nextCursor);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setLoadingMore(false);
    }
  }, [cursor, loadingMore, query]);

  const replace = (task: Task) =>
    setTasks((list) => list?.map((t) => (t.id === task.id ? task : t)) ?? list);

  const prepend = (task: Task) =>
    setTasks((list) => [task, ...(list ?? []).filter((t) => t.id !== task.id)]);

  const drop = (task: Task) => setTasks((list) => list?.filter((t) => t.id !== task.id) ?? list);

  /** Saves a change to one task and shows the server's answer (throws its error). */
  const patch = async (task: Task, change: Partial<Task>) => {
    const updated = await api<Task>(`/api/tasks/${task.id}`, {
      method: 'PATCH',
      body: json(change),
    });
    replace(updated);
    return updated;
  };

  return {
    tasks,
    error,
    load,
    loadMore,
    hasMore: cursor !== null,
    loadingMore,
    replace,
    prepend,
    drop,
    patch,
  };
}
