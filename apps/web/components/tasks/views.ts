import type { Priority, TaskCounts, TaskSort } from '@todo/contracts';

/** The list's views, in the order the navigation shows them. */
export const views = [
  { id: 'inbox', label: 'All pending', count: 'pending' },
  { id: 'today', label: 'Today', count: 'today' },
  { id: 'upcoming', label: 'Upcoming', count: 'upcoming' },
  { id: 'overdue', label: 'Overdue', count: 'overdue' },
  { id: 'completed', label: 'Completed', count: 'completed' },
] as const satisfies readonly { id: string; label: string; count: keyof TaskCounts }[];

export type ViewId = (typeof views)[number]['id'];

/** Everything that selects the list; each part lives in the page URL, so a reload keeps it. */
export interface ListState {
  view: ViewId;
  tag: string;
  priority: '' | Priority;
  sort: '' | TaskSort;
  q: string;
}

const sorts: TaskSort[] = ['created', 'due', 'priority', 'title'];
const priorities: Priority[] = ['low', 'medium', 'high'];

export function parseListState(params: URLSearchParams): ListState {
  const view = views.find((v) => v.id === params.get('view'))?.id ?? 'inbox';
  const priority = params.get('priority') as Priority;
  const sort = params.get('sort') as TaskSort;
  return {
    view,
    tag: params.get('tag') ?? '',
    priority: priorities.includes(priority) ? priority : '',
    sort: sorts.includes(sort) ? sort : '',
    q: params.get('q') ?? '',
  };
}

/** The page's query string for a state: defaults left out, so a plain list is just "/". */
export function listStateSearch(state: ListState): string {
  const params = new URLSearchParams();
  if (state.view !== 'inbox') params.set('view', state.view);
  if (state.tag) params.set('tag', state.tag);
  if (state.priority) params.set('priority', state.priority);
  if (state.sort) params.set('sort', state.sort);
  if (state.q) params.set('q', state.q);
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Views about dates sort by due date unless the user picked another order. */
export const effectiveSort = (state: ListState): TaskSort =>
  state.sort || (['today', 'upcoming', 'overdue'].includes(state.view) ? 'due' : 'created');

/** The GET /api/tasks query for a state (without the cursor). */
export function listQuery(state: ListState, timeZone: string, limit = 50): URLSearchParams {
  const params = new URLSearchParams({
    status: state.view === 'completed' ? 'completed' : 'pending',
    sort: effectiveSort(state),
    limit: String(limit),
  });
  if (state.view === 'today') params.set('due', 'today');
  if (state.view === 'upcoming') params.set('due', 'week');
  if (state.view === 'overdue') params.set('due', 'overdue');
  if (state.view === 'today' || state.view === 'upcoming') params.set('tz', timeZone);
  if (state.tag) params.set('tag', state.tag);
  if (state.priority) params.set('priority', state.priority);
  if (state.q) params.set('q', state.q);
  return params;
}

/** Whether a task belongs in the view once it is completed (or reopened). */
export const showsCompleted = (view: ViewId) => view === 'completed';

export const priorityOptions = [
  { value: 'low', label: 'Low' },
  { value: 'medium', label: 'Medium' },
  { value: 'high', label: 'High' },
] as const;
