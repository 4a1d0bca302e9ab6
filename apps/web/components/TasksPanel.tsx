'use client';

import type { Task } from '@todo/contracts';
import { useState } from 'react';
import { QuickAdd } from './tasks/QuickAdd';
import { FilterBar } from './tasks/FilterBar';
import { TaskItem } from './tasks/TaskItem';
import { useTaskFilters } from './tasks/useTaskFilters';
import { useTaskList } from './tasks/useTaskList';
import { useUndoDelete } from './tasks/useUndoDelete';

/** The task list: filters, add form, rows, and the undo toast; state lives in the hooks. */
export function TasksPanel({ refreshKey }: { refreshKey: number }) {
  const [notice, setNotice] = useState<string | null>(null);

  const run = async (action: () => Promise<unknown>) => {
    setNotice(null);
    try {
      await action();
    } catch (err) {
      setNotice((err as Error).message);
    }
  };

  const filterState = useTaskFilters();
  const undo = useUndoDelete(run);
  const list = useTaskList(filterState.filters, refreshKey, undo.pendingId);

  const remove = (task: Task) => {
    list.drop(task);
    undo.schedule(task);
  };

  const restore = () => {
    if (undo.cancel()) void list.load();
  };

  return (
    <section className="panel tasks" aria-labelledby="tasks-heading">
      <div className="panel-head">
        <h2 id="tasks-heading">Tasks</h2>
        {list.tasks && <span className="count">{list.tasks.length} shown</span>}
      </div>

      <QuickAdd onAdded={list.prepend} />

      <FilterBar {...filterState} />

      {notice && (
        <p className="notice error" role="alert">
          {notice}
        </p>
      )}

      {list.error ? (
        <div className="state error" role="alert">
          <p>
            <strong>Couldn’t load your tasks.</strong> {list.error}
          </p>
          <button type="button" onClick={() => void list.load()}>
            Try again
          </button>
        </div>
      ) : list.tasks === null ? (
        <ul className="task-list" aria-busy="true" aria-label="Loading tasks">
          {[0, 1, 2].map((i) => (
            <li key={i} className="task skeleton" />
          ))}
        </ul>
      ) : list.tasks.length === 0 ? (
        <div className="state empty">
          {filterState.filtered ? (
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
          {list.tasks.map((task) => (
            <TaskItem
              key={task.id}
              task={task}
              onToggle={() => run(() => list.toggle(task))}
              onDelete={() => remove(task)}
              onSaved={list.replace}
              onError={setNotice}
              onTag={(tag) => filterState.set('tag', tag)}
            />
          ))}
        </ul>
      )}

      {undo.pending && (
        <div className="toast" role="status">
          Deleted “{undo.pending.title}”.
          <button type="button" onClick={restore}>
            Undo
          </button>
        </div>
      )}
    </section>
  );
}
