'use client';

import { useEffect, useState } from 'react';
import { listStateSearch, type ListState } from './views';

/**
 * The list's view and filters, kept in the page URL (replaceState: filters are not history
 * steps). The search box applies 250 ms after typing stops.
 */
export function useListState(initial: ListState) {
  const [state, setState] = useState<ListState>(initial);
  const [query, setQuery] = useState(initial.q);

  useEffect(() => {
    const q = query.trim();
    const timer = setTimeout(() => setState((s) => (s.q === q ? s : { ...s, q })), 250);
    return () => clearTimeout(timer);
  }, [query]);

  useEffect(() => {
    const search = listStateSearch(state);
    if (search !== window.location.search) {
      window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}`);
    }
  }, [state]);

  const set = <K extends keyof ListState>(key: K, value: ListState[K]) =>
    setState((s) => (s[key] === value ? s : { ...s, [key]: value }));

  const filtered = Boolean(state.priority || state.tag || state.q);
  return { state, set, query, setQuery, filtered };
}

export type ListControls = ReturnType<typeof useListState>;
