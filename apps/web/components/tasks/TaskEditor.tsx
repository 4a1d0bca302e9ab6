'use client';

import { splitTags, type Priority, type Task } from '@todo/contracts';
import { useState, type FormEvent } from 'react';
import { fromLocalInput, pastDueWarning, toLocalInput } from '@/lib/due';
import { descriptionProblem, nearLimit, tagsProblem, titleProblem } from '@/lib/limits';
import { describeRecurrence, repeatPresets } from '@/lib/recurrence';
import { TASK_DESCRIPTION_MAX, TASK_TITLE_MAX } from '@todo/contracts';
import { Select } from '../ui/Select';
import { priorityOptions } from './views';

/** The edit form of one task: every field, with its limits and a repeat picker. */
export function TaskEditor(props: {
  task: Task;
  onSave: (change: Partial<Task>) => Promise<void>;
  onCancel: () => void;
}) {
  const { task } = props;
  const [title, setTitle] = useState(task.title);
  const [description, setDescription] = useState(task.description ?? '');
  const [priority, setPriority] = useState<Priority>(task.priority);
  const [due, setDue] = useState(toLocalInput(task.dueAt));
  const [tags, setTags] = useState(task.tags.join(', '));
  const base = due ? new Date(due) : new Date();
  const presets = repeatPresets(base);
  // A stored rule that is no preset (set through the API, MCP or chat) keeps its own entry.
  const ownRule =
    task.recurrence && !presets.some((p) => p.value === task.recurrence) ? task.recurrence : null;
  const [repeat, setRepeat] = useState<string>(task.recurrence ?? 'none');
  const [custom, setCustom] = useState(task.recurrence ?? '');
  const [busy, setBusy] = useState(false);

  const problem = titleProblem(title) ?? descriptionProblem(description) ?? tagsProblem(tags);
  const repeatOptions = [
    { value: 'none', label: 'Does not repeat' },
    ...presets,
    ...(ownRule ? [{ value: ownRule, label: describeRecurrence(ownRule) }] : []),
    { value: 'custom', label: 'Custom rule (RRULE)…' },
  ];

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (problem) return;
    setBusy(true);
    try {
      await props.onSave({
        title,
        description,
        priority,
        dueAt: fromLocalInput(due),
        tags: splitTags(tags),
        recurrence: repeat === 'none' ? null : repeat === 'custom' ? custom : repeat,
      });
    } finally {
      setBusy(false);
    }
  };

  const past = due !== toLocalInput(task.dueAt) ? pastDueWarning(due) : null;
  return (
    <form
      className="edit"
      onSubmit={save}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) {
          e.stopPropagation();
          props.onCancel();
        }
      }}
      aria-label={`Edit “${task.title}”`}
    >
      <label className="wide">
        <span>Title</span>
        <input value={title} onChange={(e) => setTitle(e.target.value)} autoFocus required />
        <small className="hint">{nearLimit(title.trim().length, TASK_TITLE_MAX)}</small>
      </label>
      <label className="wide">
        <span>Description</span>
        <textarea value={description} rows={2} onChange={(e) => setDescription(e.target.value)} />
        <small className="hint">{nearLimit(description.length, TASK_DESCRIPTION_MAX)}</small>
      </label>
      <Select label="Priority" value={priority} options={priorityOptions} onChange={setPriority} />
      <label>
        <span>Due</span>
        <input type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} />
      </label>
      <label>
        <span>Tags</span>
        <input value={tags} placeholder="work, home" onChange={(e) => setTags(e.target.value)} />
      </label>
      <Select label="Repeat" value={repeat} options={repeatOptions} onChange={setRepeat} />
      {repeat === 'custom' && (
        <label className="wide">
          <span>Custom rule</span>
          <input
            value={custom}
            placeholder="FREQ=MONTHLY;BYDAY=1MO"
            onChange={(e) => setCustom(e.target.value)}
            required
          />
        </label>
      )}
      {past && (
        <p className="notice warn wide" role="status">
          {past}
        </p>
      )}
      {problem && (
        <p className="notice error wide" role="alert">
          {problem}
        </p>
      )}
      <div className="actions wide">
        <button type="submit" disabled={busy || Boolean(problem)}>
          Save
        </button>
        <button type="button" className="ghost" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
