'use client';

import type { Task, TaskList } from '@todo/contracts';
import { useCallback, useEffect, useState } from 'react';
import { api, json } from '@/lib/api';
import type { Filters } from './useTaskFilters';

/**
 * The tasks the filters select, fetched again when they or `refreshKey` change. `hiddenId`
 * names a task to leave out (one whose deletion can still be undone).
 */
export function useTaskList(
  filters: Filters,
  refreshKey: number,
  hiddenId: () => number | undefined,
) {
  const [tasks, setTasks] = useState<Task[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setError(null);
    const params = new URLSearchParams({
      status: filters.status,
      sort: filters.sort,
      limit: '100',
    });
    if (filters.priority) params.set('priority', filters.priority);
    if (filters.tag) params.set('tag', filters.tag);
    if (filters.q) params.set('q', filters.q);
    try {
      const page = await api<TaskList>(`/api/tasks?${params}`);
      const hidden = hiddenId();
      setTasks(page.items.filter((t) => t.id !== hidden));
    } catch (err) {
      setError((err as Error).message);
    }
  }, [filters, hiddenId]);

  useEffect(() => {
    void load();
  }, [load, refreshKey]);

  const replace = (task: Task) =>
    setTasks((list) => list?.map((t) => (t.id === task.id ? task : t)) ?? list);

  const prepend = (task: Task) => setTasks((list) => [task, ...(list ?? [])]);

  const drop = (task: Task) => setTasks((list) => list?.filter((t) => t.id !== task.id) ?? list);

  // Optimistic: the checkbox flips at once and flips back if the server says no (and throws).
  const toggle = async (task: Task) => {
    replace({ ...task, completed: !task.completed });
    try {
      const updated = await api<Task>(`/api/tasks/${task.id}`, {
        method: 'PATCH',
        body: json({ completed: !task.completed }),
      });
      replace(updated);
    } catch (err) {
      replace(task);
      throw err;
    }
  };

  return { tasks, error, load, replace, prepend, drop, toggle };
}
