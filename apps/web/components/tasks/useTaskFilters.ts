'use client';

import type { Priority, TaskSort, TaskStatus } from '@todo/contracts';
import { useEffect, useState } from 'react';

export interface Filters {
  status: TaskStatus;
  priority: '' | Priority;
  tag: string;
  q: string;
  sort: TaskSort;
}

/** The list's filters; the search box is applied 250 ms after typing stops. */
export function useTaskFilters() {
  const [filters, setFilters] = useState<Filters>({
    status: 'pending',
    priority: '',
    tag: '',
    q: '',
    sort: 'created',
  });
  const [query, setQuery] = useState('');

  // Search as you type, without a request per keystroke. An unchanged search keeps the same
  // filters object, so it does not fetch the list again (it did once after every mount).
  useEffect(() => {
    const q = query.trim();
    const timer = setTimeout(() => setFilters((f) => (f.q === q ? f : { ...f, q })), 250);
    return () => clearTimeout(timer);
  }, [query]);

  const set = <K extends keyof Filters>(key: K, value: Filters[K]) =>
    setFilters((f) => ({ ...f, [key]: value }));

  const filtered = Boolean(
    filters.status !== 'pending' || filters.priority || filters.tag || filters.q,
  );

  return { filters, set, query, setQuery, filtered };
}

export type TaskFilters = ReturnType<typeof useTaskFilters>;
