'use client';

import type { Task } from '@todo/contracts';
import { useState, type FormEvent } from 'react';
import { api, json } from '@/lib/api';
import { dueLabel, fromLocalInput, toLocalInput } from '@/lib/due';
import { PrioritySelect } from './PrioritySelect';

/** One task in the list: checkbox, title (click to edit inline), badges, tag chips, delete. */
export function TaskItem(props: {
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
          {/* The number the assistant and the API use: "done with 3". */}
          <span className="muted task-number">#{task.id}</span>{' '}
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
