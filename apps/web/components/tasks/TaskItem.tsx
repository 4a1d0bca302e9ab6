'use client';

import * as Menu from '@radix-ui/react-dropdown-menu';
import dynamic from 'next/dynamic';
import type { Priority, Task } from '@todo/contracts';
import { dueLabel } from '@/lib/due';
import { describeRecurrence } from '@/lib/recurrence';

// The editor (and the select primitive it uses) loads when a task is first edited, keeping
// it out of the list's first load.
const TaskEditor = dynamic(() => import('./TaskEditor').then((m) => m.TaskEditor), {
  loading: () => <p className="muted">Opening the editor…</p>,
});

/** Quick due dates for the row menu: the end of a day, as "due today" means it. */
function endOfDay(daysFromNow: number): string {
  const d = new Date();
  d.setDate(d.getDate() + daysFromNow);
  d.setHours(23, 59, 0, 0);
  return d.toISOString();
}

/**
 * One task in the list: checkbox, title (click or `e` to edit), badges, tag chips, a menu of
 * quick edits, delete. `selected` is the keyboard cursor (j/k).
 */
export function TaskItem(props: {
  task: Task;
  selected: boolean;
  editing: boolean;
  onSelect: () => void;
  onEdit: (editing: boolean) => void;
  onToggle: () => void;
  onDelete: () => void;
  onChange: (change: Partial<Task>) => Promise<void>;
  onTag: (tag: string) => void;
}) {
  const { task } = props;
  const label = dueLabel(task.dueAt, task.completed);
  const quick = (change: Partial<Task>) => void props.onChange(change);
  const setPriority = (priority: Priority) => quick({ priority });

  return (
    <li
      className={`task${task.completed ? ' done' : ''}${label ? ` due-${label.tone}` : ''}${props.selected ? ' selected' : ''}`}
      data-task-id={task.id}
      tabIndex={-1}
      aria-current={props.selected || undefined}
      onFocus={(e) => e.target === e.currentTarget && props.onSelect()}
    >
      <input
        type="checkbox"
        checked={task.completed}
        onChange={props.onToggle}
        aria-label={`${task.completed ? 'Reopen' : 'Complete'} “${task.title}”`}
      />
      {props.editing ? (
        <TaskEditor
          task={task}
          onSave={async (change) => {
            await props.onChange(change);
            props.onEdit(false);
          }}
          onCancel={() => props.onEdit(false)}
        />
      ) : (
        <div className="body">
          {/* The number the assistant and the API use: "done with 3". */}
          <span className="muted task-number">#{task.id}</span>{' '}
          <button
            type="button"
            className="title"
            onClick={() => props.onEdit(true)}
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
            {task.recurrence && (
              <span className="badge repeat">
                <span aria-hidden>↻ </span>
                {describeRecurrence(task.recurrence)}
              </span>
            )}
            {task.tags.map((tag) => (
              <button type="button" key={tag} className="chip" onClick={() => props.onTag(tag)}>
                #{tag}
              </button>
            ))}
          </div>
        </div>
      )}
      {!props.editing && (
        <div className="row-actions">
          {/* Not modal: a modal menu hides the page from screen readers while focus could still
          reach it; this one closes on Esc, on Tab and on a click outside. */}
          <Menu.Root modal={false}>
            <Menu.Trigger className="icon" aria-label={`More actions for “${task.title}”`}>
              <span aria-hidden>⋯</span>
            </Menu.Trigger>
            <Menu.Portal>
              <Menu.Content className="popover" align="end" sideOffset={4}>
                <Menu.Item className="menu-item" onSelect={() => props.onEdit(true)}>
                  Edit…
                </Menu.Item>
                <Menu.Separator className="menu-separator" />
                <Menu.Label className="menu-label">Due</Menu.Label>
                <Menu.Item className="menu-item" onSelect={() => quick({ dueAt: endOfDay(0) })}>
                  Today
                </Menu.Item>
                <Menu.Item className="menu-item" onSelect={() => quick({ dueAt: endOfDay(1) })}>
                  Tomorrow
                </Menu.Item>
                <Menu.Item className="menu-item" onSelect={() => quick({ dueAt: endOfDay(7) })}>
                  In a week
                </Menu.Item>
                {task.dueAt && (
                  <Menu.Item className="menu-item" onSelect={() => quick({ dueAt: null })}>
                    No due date
                  </Menu.Item>
                )}
                <Menu.Separator className="menu-separator" />
                <Menu.Label className="menu-label">Priority</Menu.Label>
                <Menu.RadioGroup
                  value={task.priority}
                  onValueChange={(v) => setPriority(v as Priority)}
                >
                  {(['high', 'medium', 'low'] as const).map((p) => (
                    <Menu.RadioItem key={p} value={p} className="menu-item">
                      <Menu.ItemIndicator className="menu-check">✓</Menu.ItemIndicator>
                      {p[0]!.toUpperCase() + p.slice(1)}
                    </Menu.RadioItem>
                  ))}
                </Menu.RadioGroup>
              </Menu.Content>
            </Menu.Portal>
          </Menu.Root>
          <button
            type="button"
            className="icon danger"
            onClick={props.onDelete}
            aria-label={`Delete “${task.title}”`}
          >
            <TrashIcon />
          </button>
        </div>
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
