'use client';

import { splitTags, TASK_TITLE_MAX, type Priority, type Task } from '@todo/contracts';
import { useState, type FormEvent } from 'react';
import { api, json } from '@/lib/api';
import { fromLocalInput, pastDueWarning } from '@/lib/due';
import { descriptionProblem, nearLimit, tagsProblem, titleProblem } from '@/lib/limits';
import { humanMessage } from '@/lib/messages';
import dynamic from 'next/dynamic';
import { TaskTitleCount, TaskTitleInput } from './TaskTitleInput';

// The extra fields (and the select primitive) load when the user asks for them.
const AddTaskOptions = dynamic(() => import('./AddTaskOptions').then((m) => m.AddTaskOptions));

/**
 * The add form: a title, and on request description, priority, due date, tags and repeat.
 * Limits show while typing (nothing is cut silently); a past due date gets a warning.
 */
export function AddTask({
  onAdded,
  expanded = false,
  initialTitle = '',
}: {
  onAdded: (task: Task) => void;
  /** Open with the options shown (quick add's "More options" leads here). */
  expanded?: boolean;
  /** What was typed in quick add before "More options". */
  initialTitle?: string;
}) {
  const [title, setTitle] = useState(initialTitle);
  const [more, setMore] = useState(expanded);
  const [description, setDescription] = useState('');
  const [priority, setPriority] = useState<Priority>('medium');
  const [due, setDue] = useState('');
  const [tags, setTags] = useState('');
  const [repeat, setRepeat] = useState('none');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const problem = titleProblem(title) ?? descriptionProblem(description) ?? tagsProblem(tags);
  const past = pastDueWarning(due);
  const edit = (setter: (v: string) => void) => (v: string) => {
    setError(null);
    setter(v);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (problem) return;
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
          ...(repeat !== 'none' ? { recurrence: repeat } : {}),
        }),
      });
      onAdded(task);
      setTitle('');
      setDescription('');
      setPriority('medium');
      setDue('');
      setTags('');
      setRepeat('none');
    } catch (err) {
      setError(humanMessage((err as Error).message));
    } finally {
      setBusy(false);
    }
  };

  const titleCount = nearLimit(title.trim().length, TASK_TITLE_MAX);
  return (
    <form className="add-task" onSubmit={submit} aria-label="Add a task">
      <div className="row">
        <TaskTitleInput
          name="title"
          value={title}
          onChange={edit(setTitle)}
          placeholder="Add a task…  q"
          count={titleCount}
          required
        />
        <button type="button" className="ghost" aria-expanded={more} onClick={() => setMore(!more)}>
          {more ? 'Fewer' : 'More'}
          <span className="phone-sr"> options</span>
        </button>
        <button type="submit" disabled={busy || !title.trim() || Boolean(problem)}>
          Add
        </button>
      </div>
      <TaskTitleCount count={titleCount} />
      {more && (
        <AddTaskOptions
          description={description}
          setDescription={edit(setDescription)}
          priority={priority}
          setPriority={setPriority}
          due={due}
          setDue={edit(setDue)}
          tags={tags}
          setTags={edit(setTags)}
          repeat={repeat}
          setRepeat={setRepeat}
        />
      )}
      {past && (
        <p className="notice warn" role="status">
          {past}
        </p>
      )}
      {problem && (
        <p className="notice error" role="alert">
          {problem}
        </p>
      )}
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
