'use client';

import type { Task, TaskList } from '@todo/contracts';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, json } from '@/lib/api';
import { dueLabel, fromLocalInput, parseTags, toLocalInput } from '@/lib/due';

type Status = 'pending' | 'completed' | 'all';
type Sort = 'created' | 'due' | 'priority' | 'title';

interface Filters {
  status: Status;
  priority: '' | 'low' | 'medium' | 'high';
  tag: string;
  q: string;
  sort: Sort;
}

const UNDO_MS = 5_000;

export function TasksPanel({ refreshKey }: { refreshKey: number }) {
  const [filters, setFilters] = useState<Filters>({
    status: 'pending',
    priority: '',
    tag: '',
    q: '',
    sort: 'created',
  });
  const [query, setQuery] = useState('');
  const [tasks, setTasks] = useState<Task[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [undo, setUndo] = useState<{ task: Task; timer: ReturnType<typeof setTimeout> } | null>(
    null,
  );
  const undoRef = useRef(undo);
  undoRef.current = undo;

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
      const hidden = undoRef.current?.task.id;
      setTasks(page.items.filter((t) => t.id !== hidden));
    } catch (err) {
      setError((err as Error).message);
    }
  }, [filters]);

  useEffect(() => {
    void load();
  }, [load, refreshKey]);

  // Search as you type, without a request per keystroke.
  useEffect(() => {
    const timer = setTimeout(() => setFilters((f) => ({ ...f, q: query.trim() })), 250);
    return () => clearTimeout(timer);
  }, [query]);

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

  const replace = (task: Task) =>
    setTasks((list) => list?.map((t) => (t.id === task.id ? task : t)) ?? list);

  const run = async (action: () => Promise<void>) => {
    setNotice(null);
    try {
      await action();
    } catch (err) {
      setNotice((err as Error).message);
    }
  };

  // Optimistic: the checkbox flips at once and flips back if the server says no.
  const toggle = (task: Task) =>
    run(async () => {
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
    });

  const remove = (task: Task) => {
    if (undo) {
      clearTimeout(undo.timer);
      void api(`/api/tasks/${undo.task.id}`, { method: 'DELETE' }).catch(() => undefined);
    }
    setTasks((list) => list?.filter((t) => t.id !== task.id) ?? list);
    const timer = setTimeout(() => {
      setUndo(null);
      void run(() => api(`/api/tasks/${task.id}`, { method: 'DELETE' }));
    }, UNDO_MS);
    setUndo({ task, timer });
  };

  const restore = () => {
    if (!undo) return;
    clearTimeout(undo.timer);
    setUndo(null);
    void load();
  };

  const set = <K extends keyof Filters>(key: K, value: Filters[K]) =>
    setFilters((f) => ({ ...f, [key]: value }));

  const filtered = filters.status !== 'pending' || filters.priority || filters.tag || filters.q;

  return (
    <section className="panel tasks" aria-labelledby="tasks-heading">
      <div className="panel-head">
        <h2 id="tasks-heading">Tasks</h2>
        {tasks && <span className="count">{tasks.length} shown</span>}
      </div>

      <AddTask onAdded={(task) => setTasks((list) => [task, ...(list ?? [])])} />

      <div className="filters" role="group" aria-label="Filter and sort tasks">
        <label>
          <span>Status</span>
          <select value={filters.status} onChange={(e) => set('status', e.target.value as Status)}>
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
          <select value={filters.sort} onChange={(e) => set('sort', e.target.value as Sort)}>
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

      {notice && (
        <p className="notice error" role="alert">
          {notice}
        </p>
      )}

      {error ? (
        <div className="state error" role="alert">
          <p>
            <strong>Couldn’t load your tasks.</strong> {error}
          </p>
          <button type="button" onClick={() => void load()}>
            Try again
          </button>
        </div>
      ) : tasks === null ? (
        <ul className="task-list" aria-busy="true" aria-label="Loading tasks">
          {[0, 1, 2].map((i) => (
            <li key={i} className="task skeleton" />
          ))}
        </ul>
      ) : tasks.length === 0 ? (
        <div className="state empty">
          {filtered ? (
            <p>No tasks match these filters.</p>
          ) : (
            <p>
              <strong>Nothing to do.</strong> Add a task above, or tell the assistant “add buy milk
              tomorrow”.
            </p>
          )}
        </div>
      ) : (
        <ul className="task-list" aria-label="Tasks">
          {tasks.map((task) => (
            <TaskItem
              key={task.id}
              task={task}
              onToggle={() => toggle(task)}
              onDelete={() => remove(task)}
              onSaved={replace}
              onError={setNotice}
              onTag={(tag) => set('tag', tag)}
            />
          ))}
        </ul>
      )}

      {undo && (
        <div className="toast" role="status">
          Deleted “{undo.task.title}”.
          <button type="button" onClick={restore}>
            Undo
          </button>
        </div>
      )}
    </section>
  );
}

function AddTask({ onAdded }: { onAdded: (task: Task) => void }) {
  const [title, setTitle] = useState('');
  const [more, setMore] = useState(false);
  const [description, setDescription] = useState('');
  const [priority, setPriority] = useState<'low' | 'medium' | 'high'>('medium');
  const [due, setDue] = useState('');
  const [tags, setTags] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const task = await api<Task>('/api/tasks', {
        method: 'POST',
        body: json({
          title,
          ...(description ? { description } : {}),
          priority,
          ...(due ? { dueAt: fromLocalInput(due) } : {}),
          ...(tags ? { tags: parseTags(tags) } : {}),
        }),
      });
      onAdded(task);
      setTitle('');
      setDescription('');
      setPriority('medium');
      setDue('');
      setTags('');
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="add-task" onSubmit={submit} aria-label="Add a task">
      <div className="row">
        <label className="grow">
          <span className="sr-only">New task title</span>
          <input
            name="title"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            placeholder="Add a task…"
            maxLength={200}
            required
          />
        </label>
        <button type="button" className="ghost" aria-expanded={more} onClick={() => setMore(!more)}>
          {more ? 'Fewer options' : 'More options'}
        </button>
        <button type="submit" disabled={busy || !title.trim()}>
          Add
        </button>
      </div>
      {more && (
        <div className="more">
          <label className="wide">
            <span>Description</span>
            <textarea
              name="description"
              value={description}
              maxLength={2000}
              rows={2}
              onChange={(e) => setDescription(e.target.value)}
            />
          </label>
          <label>
            <span>Priority</span>
            <PrioritySelect name="priority" value={priority} onChange={setPriority} />
          </label>
          <label>
            <span>Due</span>
            <input
              name="due"
              type="datetime-local"
              value={due}
              onChange={(e) => setDue(e.target.value)}
            />
          </label>
          <label>
            <span>Tags</span>
            <input
              name="tags"
              value={tags}
              placeholder="work, home"
              onChange={(e) => setTags(e.target.value)}
            />
          </label>
        </div>
      )}
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function TaskItem(props: {
  task: Task;
  onToggle: () => void;
  onDelete: () => void;
  onSaved: (task: Task) => void;
  onError: (message: string) => void;
  onTag: (tag: string) => void;
}) {
  const { task } = props;
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(task.title);
  const [due, setDue] = useState(toLocalInput(task.dueAt));
  const [priority, setPriority] = useState(task.priority);
  const label = dueLabel(task.dueAt, task.completed);

  const save = async (e?: FormEvent) => {
    e?.preventDefault();
    try {
      const updated = await api<Task>(`/api/tasks/${task.id}`, {
        method: 'PATCH',
        body: json({ title, priority, dueAt: fromLocalInput(due) }),
      });
      props.onSaved(updated);
      setEditing(false);
    } catch (err) {
      props.onError((err as Error).message);
    }
  };

  const cancel = () => {
    setTitle(task.title);
    setDue(toLocalInput(task.dueAt));
    setPriority(task.priority);
    setEditing(false);
  };

  return (
    <li className={`task${task.completed ? ' done' : ''}${label ? ` due-${label.tone}` : ''}`}>
      <input
        type="checkbox"
        checked={task.completed}
        onChange={props.onToggle}
        aria-label={`${task.completed ? 'Reopen' : 'Complete'} “${task.title}”`}
      />
      {editing ? (
        <form
          className="edit"
          onSubmit={save}
          onKeyDown={(e) => e.key === 'Escape' && cancel()}
          aria-label={`Edit “${task.title}”`}
        >
          <label className="grow">
            <span className="sr-only">Title</span>
            <input value={title} onChange={(e) => setTitle(e.target.value)} autoFocus required />
          </label>
          <label>
            <span className="sr-only">Priority</span>
            <PrioritySelect value={priority} onChange={setPriority} />
          </label>
          <label>
            <span className="sr-only">Due</span>
            <input type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} />
          </label>
          <button type="submit">Save</button>
          <button type="button" className="ghost" onClick={cancel}>
            Cancel
          </button>
        </form>
      ) : (
        <div className="body">
          <button
            type="button"
            className="title"
            onClick={() => setEditing(true)}
            title="Edit"
            aria-label={`Edit “${task.title}”`}
          >
            {task.title}
          </button>
          {task.description && <p className="description">{task.description}</p>}
          <div className="meta">
            {task.priority !== 'medium' && (
              <span className={`badge priority-${task.priority}`}>
                {task.priority === 'high' ? '▲ High' : '▽ Low'}
              </span>
            )}
            {label && <span className={`badge due ${label.tone}`}>{label.text}</span>}
            {task.tags.map((tag) => (
              <button type="button" key={tag} className="chip" onClick={() => props.onTag(tag)}>
                #{tag}
              </button>
            ))}
          </div>
        </div>
      )}
      {!editing && (
        <button
          type="button"
          className="icon danger"
          onClick={props.onDelete}
          aria-label={`Delete “${task.title}”`}
        >
          <TrashIcon />
        </button>
      )}
    </li>
  );
}

function TrashIcon() {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
      <path d="M4 7h16M10 11v6M14 11v6M6 7l1 12a2 2 0 0 0 2 2h6a2 2 0 0 0 2-2l1-12M9 7V4h6v3" />
    </svg>
  );
}

function PrioritySelect(props: {
  name?: string;
  value: Task['priority'];
  onChange: (value: Task['priority']) => void;
}) {
  return (
    <select
      name={props.name}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value as Task['priority'])}
    >
      <option value="low">Low</option>
      <option value="medium">Medium</option>
      <option value="high">High</option>
    </select>
  );
}
