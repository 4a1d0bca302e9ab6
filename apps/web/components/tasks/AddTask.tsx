'use client';

import {
  splitTags,
  TASK_DESCRIPTION_MAX,
  TASK_TITLE_MAX,
  type Priority,
  type Task,
} from '@todo/contracts';
import { useState, type FormEvent } from 'react';
import { api, json } from '@/lib/api';
import { fromLocalInput } from '@/lib/due';
import { PrioritySelect } from './PrioritySelect';

/** The add form: a title, and on request description, priority, due date and tags. */
export function AddTask({
  onAdded,
  expanded = false,
}: {
  onAdded: (task: Task) => void;
  /** Open with the options shown (quick add's "More options" leads here). */
  expanded?: boolean;
}) {
  const [title, setTitle] = useState('');
  const [more, setMore] = useState(expanded);
  const [description, setDescription] = useState('');
  const [priority, setPriority] = useState<Priority>('medium');
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
          ...(tags ? { tags: splitTags(tags) } : {}),
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
            maxLength={TASK_TITLE_MAX}
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
              maxLength={TASK_DESCRIPTION_MAX}
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
