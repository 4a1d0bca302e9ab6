'use client';

import { TASK_TITLE_MAX, type Task } from '@todo/contracts';
import type { ParsedTask, parseTaskText } from '@todo/language';
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { api, json } from '@/lib/api';
import { nearLimit, titleProblem } from '@/lib/limits';
import { humanMessage } from '@/lib/messages';
import { describeRecurrence } from '@/lib/recurrence';
import { AddTask } from './AddTask';
import { TaskTitleCount, TaskTitleInput } from './TaskTitleInput';

const timeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

function formatDue(parsed: ParsedTask): string | null {
  if (!parsed.dueAt) return null;
  const options: Intl.DateTimeFormatOptions = parsed.dueHasTime
    ? { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }
    : { weekday: 'short', month: 'short', day: 'numeric' };
  return new Intl.DateTimeFormat(undefined, options).format(new Date(parsed.dueAt));
}

type Parse = typeof parseTaskText;

// The parser is not part of the page's first load (it would take the route over its 180 kB
// budget): it loads when the add box is first focused or typed in, a few ms before it is needed.
let loading: Promise<Parse> | null = null;
const loadParser = () => (loading ??= import('@todo/language').then((m) => m.parseTaskText));

function useParser(): [Parse | null, () => void] {
  const [parse, setParse] = useState<Parse | null>(null);
  const live = useRef(true);
  useEffect(
    () => () => {
      live.current = false;
    },
    [],
  );
  const want = useCallback(() => {
    void loadParser().then((p) => live.current && setParse(() => p));
  }, []);
  return [parse, want];
}

/**
 * Todoist-style quick add: "buy stamps tomorrow 5pm #errands !high" makes a task with that due
 * date, tag and priority, previewed as you type. The same parser as the chat (@todo/language),
 * running in the browser on every keystroke. "More options" keeps the full form.
 */
export function QuickAdd({ onAdded }: { onAdded: (task: Task) => void }) {
  const [text, setText] = useState('');
  const [form, setForm] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [parser, wantParser] = useParser();
  const parsed = useMemo(
    () =>
      text.trim()
        ? parser
          ? parser(text, { now: new Date(), timeZone: timeZone() })
          : // Until the parser has loaded, the line is the title as typed.
            { title: text.trim(), dueHasTime: false, tags: [], spans: [] }
        : null,
    [text, parser],
  );

  if (form) {
    return (
      <div>
        <AddTask onAdded={onAdded} expanded initialTitle={text.trim()} />
        <button type="button" className="ghost" onClick={() => setForm(false)}>
          Back to quick add
        </button>
      </div>
    );
  }

  const tooLong = parsed ? titleProblem(parsed.title || text) : null;
  const titleCount = parsed
    ? nearLimit((parsed.title || text).trim().length, TASK_TITLE_MAX)
    : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!parsed || tooLong) return;
    setBusy(true);
    setError(null);
    try {
      // What is sent is always read by the parser, even when Enter came before it loaded.
      const read = (await loadParser())(text, { now: new Date(), timeZone: timeZone() });
      const task = await api<Task>('/api/tasks', {
        method: 'POST',
        body: json({
          // Words alone that read as attributes ("tomorrow") still make a task of that text.
          title: read.title || text.trim(),
          ...(read.description ? { description: read.description } : {}),
          ...(read.priority ? { priority: read.priority } : {}),
          ...(read.dueAt ? { dueAt: read.dueAt } : {}),
          ...(read.tags.length ? { tags: read.tags } : {}),
          ...(read.recurrence ? { recurrence: read.recurrence } : {}),
        }),
      });
      onAdded(task);
      setText('');
    } catch (err) {
      setError(humanMessage((err as Error).message));
    } finally {
      setBusy(false);
    }
  };

  const due = parsed && formatDue(parsed);
  return (
    <form className="add-task quick-add" onSubmit={submit} aria-label="Add a task">
      <div className="row">
        <TaskTitleInput
          name="quick-add"
          value={text}
          onFocus={wantParser}
          onChange={(value) => {
            wantParser();
            setError(null);
            setText(value);
          }}
          placeholder="Add a task… e.g. buy stamps tomorrow 5pm #errands !high"
          autoComplete="off"
          count={titleCount}
          describedBy="quick-add-preview"
        />
        <button type="button" className="ghost" onClick={() => setForm(true)}>
          More options
        </button>
        <button type="submit" disabled={busy || !parsed || Boolean(tooLong)}>
          Add
        </button>
      </div>
      <TaskTitleCount count={titleCount} />
      <p
        id="quick-add-preview"
        className="quick-add-preview"
        aria-live="polite"
        data-testid="quick-add-preview"
      >
        {parsed && (
          <>
            <span className="quick-add-title">{parsed.title || text.trim()}</span>{' '}
            {due && (
              <span className="chip" data-kind="due">
                📅 {due}
              </span>
            )}{' '}
            {parsed.tags.map((t) => (
              <span key={t} className="chip" data-kind="tag">
                #{t}
              </span>
            ))}{' '}
            {parsed.priority && (
              <span className={`chip priority-${parsed.priority}`} data-kind="priority">
                {parsed.priority} priority
              </span>
            )}{' '}
            {parsed.recurrence && (
              <span className="chip" data-kind="recurrence" title={parsed.recurrence}>
                🔁 {describeRecurrence(parsed.recurrence)}
              </span>
            )}{' '}
            {parsed.description && (
              <span className="chip" data-kind="description">
                📝 {parsed.description}
              </span>
            )}
          </>
        )}
      </p>
      {(tooLong ?? error) && (
        <p className="notice error" role="alert">
          {tooLong ?? error}
        </p>
      )}
    </form>
  );
}
