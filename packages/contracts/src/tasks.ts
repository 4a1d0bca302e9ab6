import { z } from 'zod';
import {
  normaliseRecurrence,
  normaliseTag,
  TASK_DESCRIPTION_MAX,
  TASK_LIST_LIMIT_MAX,
  TASK_TAG_MAX,
  TASK_TAGS_MAX,
  TASK_TITLE_MAX,
} from './task-rules';
import { canonicalTimeZone } from './time';

export const priorities = ['low', 'medium', 'high'] as const;
export const Priority = z.enum(priorities);
export type Priority = z.infer<typeof Priority>;

export const TaskStatus = z.enum(['pending', 'completed', 'all']);
export type TaskStatus = z.infer<typeof TaskStatus>;

export const DueFilter = z.enum(['overdue', 'today', 'week']);
export type DueFilter = z.infer<typeof DueFilter>;

export const TaskSort = z.enum(['created', 'due', 'priority', 'title']);
export type TaskSort = z.infer<typeof TaskSort>;

export const SortOrder = z.enum(['asc', 'desc']);
export type SortOrder = z.infer<typeof SortOrder>;

export const TaskId = z.coerce
  .number({ error: 'must be a task id (a positive whole number)' })
  .int({ error: 'must be a task id (a positive whole number)' })
  .positive({ error: 'must be a task id (a positive whole number)' })
  .max(2_147_483_647, { error: 'must be a task id (a positive whole number)' })
  .describe(
    "The task's number for its user: a new user's first task is 1, numbers are never reused. The same number the task list and the assistant show (#4).",
  );

/** Text PostgreSQL can store: no NUL characters and no unpaired UTF-16 surrogates. */
const unpairedSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
export const isStorableText = (s: string) => !s.includes('\u0000') && !unpairedSurrogate.test(s);
export const STORABLE_TEXT = 'must not contain NUL characters or unpaired surrogates';

/** A string, refused with a 400 naming its field when the database could not store it. */
export const text = () =>
  z.string({ error: 'must be a string' }).refine(isStorableText, { error: STORABLE_TEXT });

export const TaskTitle = text()
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(TASK_TITLE_MAX, { error: `must be at most ${TASK_TITLE_MAX} characters` });

export const TaskDescription = text()
  .max(TASK_DESCRIPTION_MAX, { error: `must be at most ${TASK_DESCRIPTION_MAX} characters` })
  .transform((s) => (s.trim() === '' ? null : s))
  .nullable();

export const TaskTag = text()
  .transform(normaliseTag)
  .pipe(
    z
      .string()
      .min(1, { error: 'must not be empty' })
      .max(TASK_TAG_MAX, { error: `must be at most ${TASK_TAG_MAX} characters` })
      .regex(/^[^\s,]+$/, { error: 'must not contain spaces or commas' }),
  );

/** Tags are case-insensitive labels: stored lower-case, without '#', without duplicates. */
export const TaskTags = z
  .array(TaskTag, { error: 'must be a list of strings' })
  .max(TASK_TAGS_MAX, { error: `must have at most ${TASK_TAGS_MAX} tags` })
  .transform((tags) => [...new Set(tags)]);

export const IsoDateTime = z.iso
  .datetime({
    offset: true,
    error: 'must be an ISO 8601 date-time, e.g. 2026-12-03T17:00:00Z',
  })
  // Year 0 and below parse, but PostgreSQL's timestamptz (and common sense) refuse them.
  .refine((v) => inYearRange(v), { error: 'must be a date-time between the years 1 and 9999' });

function inYearRange(v: string): boolean {
  const year = new Date(v).getUTCFullYear();
  return year >= 1 && year <= 9999;
}

/** How a task repeats: an RFC 5545 recurrence rule such as "FREQ=WEEKLY;BYDAY=MO". */
export const TaskRecurrence = text()
  .max(200, { error: 'must be at most 200 characters' })
  .transform((v, ctx) => {
    if (v.trim() === '') return null;
    const rule = normaliseRecurrence(v);
    if (rule === null) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be an RFC 5545 recurrence rule, e.g. FREQ=WEEKLY;BYDAY=MO',
      });
      return z.NEVER;
    }
    return rule;
  })
  .nullable();

export const Task = z.object({
  id: z.number().int(),
  title: z.string(),
  description: z.string().nullable(),
  completed: z.boolean(),
  priority: Priority,
  tags: z.array(z.string()),
  dueAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().nullable(),
  /** RFC 5545 RRULE (no "RRULE:" prefix); completing the task creates its next occurrence. */
  recurrence: z.string().nullable(),
});
export type Task = z.infer<typeof Task>;

export const TaskCreate = z.strictObject(
  {
    title: TaskTitle,
    description: TaskDescription.optional(),
    priority: Priority.optional(),
    dueAt: IsoDateTime.nullable().optional(),
    tags: TaskTags.optional(),
    recurrence: TaskRecurrence.optional(),
  },
  { error: 'must be a JSON object' },
);
export type TaskCreate = z.output<typeof TaskCreate>;
export type TaskCreateInput = z.input<typeof TaskCreate>;

export const TaskUpdate = z
  .strictObject(
    {
      title: TaskTitle.optional(),
      description: TaskDescription.optional(),
      priority: Priority.optional(),
      dueAt: IsoDateTime.nullable().optional(),
      tags: TaskTags.optional(),
      recurrence: TaskRecurrence.optional(),
      completed: z.boolean({ error: 'must be true or false' }).optional(),
    },
    { error: 'must be a JSON object' },
  )
  .refine((patch) => Object.keys(patch).length > 0, {
    error:
      'must change at least one of title, description, priority, dueAt, tags, recurrence, completed',
  });
export type TaskUpdate = z.output<typeof TaskUpdate>;

const timeZoneError = 'must be an IANA time zone, e.g. Europe/Paris';

/** An IANA zone name, given back in the database's spelling ("europe/paris" → "Europe/Paris"). */
export const TimeZone = z.string().transform((name, ctx) => {
  const canonical = canonicalTimeZone(name);
  if (canonical) return canonical;
  ctx.addIssue({ code: 'custom', message: timeZoneError });
  return z.NEVER;
});

export const TaskListQuery = z.object({
  status: TaskStatus.default('all'),
  priority: Priority.optional(),
  tag: TaskTag.optional(),
  q: text().trim().max(200, { error: 'must be at most 200 characters' }).optional(),
  due: DueFilter.optional(),
  tz: TimeZone.default('UTC'),
  sort: TaskSort.default('created'),
  order: SortOrder.optional(),
  limit: z.coerce
    .number({ error: `must be a whole number from 1 to ${TASK_LIST_LIMIT_MAX}` })
    .int({ error: `must be a whole number from 1 to ${TASK_LIST_LIMIT_MAX}` })
    .min(1, { error: `must be a whole number from 1 to ${TASK_LIST_LIMIT_MAX}` })
    .max(TASK_LIST_LIMIT_MAX, { error: `must be a whole number from 1 to ${TASK_LIST_LIMIT_MAX}` })
    .default(50),
  cursor: z.string().max(500, { error: 'must be at most 500 characters' }).optional(),
});
export type TaskListQuery = z.output<typeof TaskListQuery>;
export type TaskListQueryInput = z.input<typeof TaskListQuery>;

export const TaskList = z.object({
  items: z.array(Task),
  nextCursor: z.string().nullable(),
});
export type TaskList = z.infer<typeof TaskList>;

export const TaskCountsQuery = z.object({ tz: TimeZone.default('UTC') });

/** How many tasks each view of the web app holds (pending ones, except `completed`). */
export const TaskCounts = z.object({
  pending: z.number().int(),
  today: z.number().int(),
  upcoming: z.number().int(),
  overdue: z.number().int(),
  completed: z.number().int(),
  tags: z.array(z.object({ tag: z.string(), count: z.number().int() })),
});
export type TaskCounts = z.infer<typeof TaskCounts>;

export const TaskIdParams = z.object({ id: TaskId });
