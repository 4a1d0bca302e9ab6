'use client';

import type { TaskSort } from '@todo/contracts';
import { MenuSelect } from '../ui/MenuSelect';
import type { ListControls } from './useListState';
import { effectiveSort, type ListState } from './views';

const sortOptions = [
  { value: 'created', label: 'Newest' },
  { value: 'due', label: 'Due date' },
  { value: 'priority', label: 'Priority' },
  { value: 'title', label: 'Title' },
] as const;

const priorityOptions = [
  { value: 'any', label: 'Any' },
  { value: 'high', label: 'High' },
  { value: 'medium', label: 'Medium' },
  { value: 'low', label: 'Low' },
] as const;

/** Search, priority and sort in one row, and the active tag filter as a removable chip. */
export function FilterBar({ state, set, query, setQuery }: ListControls) {
  return (
    <div className="filters" role="search" aria-label="Filter and sort tasks">
      <label className="search">
        <span className="sr-only">Search</span>
        <input
          id="task-search"
          type="search"
          value={query}
          placeholder="Search tasks  /"
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => e.key === 'Escape' && (e.currentTarget as HTMLInputElement).blur()}
        />
      </label>
      <MenuSelect
        label="Priority"
        value={state.priority || 'any'}
        options={priorityOptions}
        onChange={(v) => set('priority', v === 'any' ? '' : (v as ListState['priority']))}
      />
      <MenuSelect
        label="Sort"
        value={effectiveSort(state)}
        options={sortOptions}
        onChange={(v) => set('sort', v as TaskSort)}
      />
      {state.tag && (
        <button type="button" className="chip active" onClick={() => set('tag', '')}>
          #{state.tag} <span aria-hidden>×</span>
          <span className="sr-only">Clear tag filter</span>
        </button>
      )}
    </div>
  );
}
