'use client';

import type { TaskSort, TaskStatus } from '@todo/contracts';
import type { Filters, TaskFilters } from './useTaskFilters';

/** Status, priority, sort and search controls, and the active tag filter as a removable chip. */
export function FilterBar({ filters, set, query, setQuery }: TaskFilters) {
  return (
    <div className="filters" role="group" aria-label="Filter and sort tasks">
      <label>
        <span>Status</span>
        <select
          value={filters.status}
          onChange={(e) => set('status', e.target.value as TaskStatus)}
        >
          <option value="pending">Pending</option>
          <option value="completed">Completed</option>
          <option value="all">All</option>
        </select>
      </label>
      <label>
        <span>Priority</span>
        <select
          value={filters.priority}
          onChange={(e) => set('priority', e.target.value as Filters['priority'])}
        >
          <option value="">Any</option>
          <option value="high">High</option>
          <option value="medium">Medium</option>
          <option value="low">Low</option>
        </select>
      </label>
      <label>
        <span>Sort</span>
        <select value={filters.sort} onChange={(e) => set('sort', e.target.value as TaskSort)}>
          <option value="created">Newest</option>
          <option value="due">Due date</option>
          <option value="priority">Priority</option>
          <option value="title">Title</option>
        </select>
      </label>
      <label className="grow">
        <span>Search</span>
        <input
          type="search"
          value={query}
          placeholder="Search tasks"
          onChange={(e) => setQuery(e.target.value)}
        />
      </label>
      {filters.tag && (
        <button type="button" className="chip active" onClick={() => set('tag', '')}>
          #{filters.tag} <span aria-hidden>×</span>
          <span className="sr-only">Clear tag filter</span>
        </button>
      )}
    </div>
  );
}
