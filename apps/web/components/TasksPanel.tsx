'use client';

import type { Task } from '@todo/contracts';
import { Fragment, useCallback, useEffect, useRef, useState } from 'react';
import { userTimeZone } from '@/lib/api';
import { dayOf } from '@/lib/due';
import { humanMessage } from '@/lib/messages';
import dynamic from 'next/dynamic';
import { QuickAdd } from './tasks/QuickAdd';
import { FilterBar } from './tasks/FilterBar';
import { TaskItem } from './tasks/TaskItem';
import { useCounts } from './tasks/useCounts';
import { useKeyboard } from './tasks/useKeyboard';
import { useListState } from './tasks/useListState';
import { useTaskList } from './tasks/useTaskList';
import { useUndo, type Undoable } from './tasks/useUndo';
import { ViewNav } from './tasks/ViewNav';
import { listQuery, showsCompleted, views, type ListState } from './tasks/views';

const ShortcutsDialog = dynamic(() => import('./tasks/Shortcuts').then((m) => m.ShortcutsDialog));

/**
 * The task list: views, filters, the add form, rows, keyboard shortcuts and the undo toast;
 * the state lives in the hooks, the URL holds the view and filters.
 */
export function TasksPanel({ refreshKey, initial }: { refreshKey: number; initial: ListState }) {
  const [notice, setNotice] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [editingId, setEditingId] = useState<number | null>(null);
  const [help, setHelp] = useState(false);

  const run = async (action: () => Promise<unknown>) => {
    setNotice(null);
    try {
      await action();
    } catch (err) {
      setNotice(humanMessage((err as Error).message));
    }
  };

  const controls = useListState(initial);
  const { state, set } = controls;
  const { counts, reload: reloadCounts } = useCounts(refreshKey);
  // Once a change is through, the counts and the list show the server's truth (a completed
  // recurring task has its next occurrence; a task completed here shows under Completed).
  const onSent = (_change: Undoable) => {
    void reloadCounts();
    void list.load();
  };
  const undo = useUndo(run, onSent);
  const query = listQuery(state, userTimeZone()).toString();
  const list = useTaskList(query, refreshKey, undo.pendingId);

  // A new view or filter starts with a clean slate: no old error, no cursor, no editor.
  useEffect(() => {
    setNotice(null);
    setSelectedId(null);
    setEditingId(null);
  }, [query]);

  const tasks = list.tasks ?? [];
  const selectedIndex = tasks.findIndex((t) => t.id === selectedId);
  const selected = selectedIndex >= 0 ? tasks[selectedIndex] : undefined;

  const leave = (task: Task, verb: string, change: Pick<Undoable, 'method' | 'body'>) => {
    setNotice(null);
    // Keep the keyboard cursor in place: on the next row, or the previous at the end.
    if (task.id === selectedId) {
      const i = tasks.findIndex((t) => t.id === task.id);
      setSelectedId((tasks[i + 1] ?? tasks[i - 1])?.id ?? null);
    }
    list.drop(task);
    undo.schedule({ task, verb, ...change });
  };

  const toggle = (task: Task) => {
    const completed = !task.completed;
    // The view shows only pending (or only completed) tasks: the task leaves it, with undo.
    const leaves = completed !== showsCompleted(state.view);
    if (leaves)
      return leave(task, completed ? 'Completed' : 'Reopened', {
        method: 'PATCH',
        body: { completed },
      });
    return run(async () => {
      await list.patch(task, { completed });
      void reloadCounts();
    });
  };

  const remove = (task: Task) => leave(task, 'Deleted', { method: 'DELETE' });

  const restore = () => {
    if (undo.cancel()) void list.load();
  };

  const change = async (task: Task, patch: Partial<Task>) => {
    setNotice(null);
    try {
      await list.patch(task, patch);
      void reloadCounts();
    } catch (err) {
      setNotice(humanMessage((err as Error).message));
      throw err;
    }
  };

  const focusRow = useCallback((id: number) => {
    document.querySelector<HTMLElement>(`[data-task-id="${id}"]`)?.focus();
  }, []);

  const move = (step: number) => {
    if (!tasks.length) return;
    const next = tasks[Math.min(tasks.length - 1, Math.max(0, selectedIndex + step))] ?? tasks[0]!;
    setSelectedId(next.id);
    focusRow(next.id);
  };

  const onSelected = (act: (task: Task) => unknown) => () => (selected ? act(selected) : false);
  useKeyboard({
    q: () => document.getElementById('add-task-title')?.focus(),
    n: () => document.getElementById('add-task-title')?.focus(),
    '/': () => document.getElementById('task-search')?.focus(),
    j: () => move(1),
    k: () => move(-1),
    ArrowDown: () => (selected ? move(1) : false),
    ArrowUp: () => (selected ? move(-1) : false),
    x: onSelected((t) => void toggle(t)),
    ' ': onSelected((t) => void toggle(t)),
    e: onSelected((t) => setEditingId(t.id)),
    Enter: onSelected((t) => setEditingId(t.id)),
    Delete: onSelected(remove),
    Backspace: onSelected(remove),
    u: () => (undo.pending ? restore() : false),
    '?': () => setHelp(true),
  });

  // After a row leaves, the cursor's new row takes the focus (so j/k/x go on from there).
  const hadFocus = useRef(false);
  useEffect(() => {
    if (selectedId !== null && hadFocus.current) focusRow(selectedId);
    hadFocus.current = document.activeElement?.closest('.task-list') !== null;
  }, [selectedId, focusRow, tasks.length]);

  // Infinite scroll: the next page loads when the end of the list comes into view.
  const sentinel = useRef<HTMLDivElement>(null);
  const { loadMore, hasMore } = list;
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasMore) return;
    const observer = new IntersectionObserver(
      (entries) => entries.some((e) => e.isIntersecting) && void loadMore(),
      { rootMargin: '400px' },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasMore, loadMore, tasks.length]);

  const view = views.find((v) => v.id === state.view)!;
  const heading = state.tag ? `#${state.tag}` : view.label;
  const total = state.tag
    ? counts?.tags.find((t) => t.tag === state.tag)?.count
    : counts?.[view.count];
  const grouped = state.view === 'upcoming';

  return (
    <div className="tasks-area">
      <ViewNav
        state={state}
        counts={counts}
        onView={(v) => {
          undo.flush();
          set('tag', '');
          set('view', v);
        }}
        onTag={(tag) => {
          undo.flush();
          set('view', 'inbox');
          set('tag', tag);
        }}
      />
      <section className="panel tasks" aria-labelledby="tasks-heading">
        <div className="panel-head">
          <h2 id="tasks-heading">{heading}</h2>
          <span className="count" aria-live="polite">
            {list.tasks &&
              (controls.filtered || total === undefined
                ? `${list.tasks.length}${list.hasMore ? '+' : ''} shown`
                : `${total} task${total === 1 ? '' : 's'}`)}
          </span>
          <button
            type="button"
            className="ghost small"
            onClick={() => setHelp(true)}
            aria-keyshortcuts="?"
          >
            Shortcuts <kbd aria-hidden>?</kbd>
          </button>
        </div>

        <QuickAdd
          onAdded={(task) => {
            setNotice(null);
            list.prepend(task);
            void reloadCounts();
          }}
        />

        <FilterBar {...controls} />

        {notice && (
          <p className="notice error" role="alert">
            {notice}
          </p>
        )}

        {list.error ? (
          <div className="state error" role="alert">
            <p>
              <strong>Couldn’t load your tasks.</strong> {humanMessage(list.error)}
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
            {controls.filtered ? (
              <p>No tasks match these filters.</p>
            ) : state.view === 'inbox' ? (
              <p>
                <strong>Nothing to do.</strong> Add a task above, or tell the assistant “add buy
                milk tomorrow”.
              </p>
            ) : (
              <p>No tasks here.</p>
            )}
          </div>
        ) : (
          <ul className="task-list" aria-label="Tasks">
            {list.tasks.map((task, i) => {
              const day = grouped && task.dueAt ? dayOf(task.dueAt) : null;
              const prev = list.tasks![i - 1];
              const newDay = day && (!prev?.dueAt || dayOf(prev.dueAt).key !== day.key);
              return (
                <Fragment key={task.id}>
                  {newDay && (
                    <li className="day-heading" aria-hidden={false}>
                      <h3>{day.heading}</h3>
                    </li>
                  )}
                  <TaskItem
                    task={task}
                    selected={task.id === selectedId}
                    editing={task.id === editingId}
                    onSelect={() => setSelectedId(task.id)}
                    onEdit={(on) => {
                      setNotice(null);
                      setEditingId(on ? task.id : null);
                      if (!on) setTimeout(() => focusRow(task.id));
                    }}
                    onToggle={() => void toggle(task)}
                    onDelete={() => remove(task)}
                    onChange={(patch) => change(task, patch)}
                    onTag={(tag) => set('tag', tag)}
                  />
                </Fragment>
              );
            })}
          </ul>
        )}
        {list.hasMore && (
          <div ref={sentinel} className="load-more">
            <button
              type="button"
              className="ghost"
              disabled={list.loadingMore}
              onClick={() => void list.loadMore()}
            >
              {list.loadingMore ? 'Loading…' : 'Load more'}
            </button>
          </div>
        )}

        {undo.pending && (
          <div className="toast" role="status">
            {undo.pending.verb} “{undo.pending.task.title}”.
            <button type="button" onClick={restore}>
              Undo
            </button>
          </div>
        )}
        {help && <ShortcutsDialog open={help} onOpenChange={setHelp} />}
      </section>
    </div>
  );
}
