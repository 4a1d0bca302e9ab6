import {
  AddTaskArgs,
  ListTasksArgs,
  TaskRefArgs,
  UpdateTaskArgs,
  type Task,
  type ToolCall,
  type ToolName,
} from '@todo/contracts';
import type { TaskFind, TaskRepository } from '@todo/db';
import { z } from 'zod';
import { createGuard, type Guard, type Justification } from './safety';

/**
 * The five task tools. One definition serves three callers: the offline engine, the LLM
 * tool loop and the MCP server. The user a tool acts for is always the authenticated
 * caller, passed in by the server, never taken from tool arguments or model output.
 */
export interface ToolDefinition {
  name: ToolName;
  description: string;
  input: z.ZodType;
  /** Whether the tool destroys data (callers may ask for approval). */
  destructive: boolean;
  run(repo: TaskRepository, userId: string, args: never): Promise<unknown>;
}

export class ToolError extends Error {}

const define = <S extends z.ZodType>(
  tool: Omit<ToolDefinition, 'input' | 'run'> & {
    input: S;
    run(repo: TaskRepository, userId: string, args: z.output<S>): Promise<unknown>;
  },
) => tool as unknown as ToolDefinition;

const found = (task: Task | null, id: number): Task => {
  if (!task) throw new ToolError(`Task ${id} not found`);
  return task;
};

export const taskTools: ToolDefinition[] = [
  define({
    name: 'add_task',
    description:
      'Create a task for the user. Title is required (1-200 chars). Optional: description, priority (low|medium|high, default medium), dueAt (ISO 8601 date-time with offset), tags (up to 10 short labels), recurrence (an RFC 5545 RRULE such as FREQ=WEEKLY;BYDAY=MO; completing the task then creates the next one). Returns the created task.',
    input: AddTaskArgs,
    destructive: false,
    run: (repo, userId, args) => repo.create(userId, args),
  }),
  define({
    name: 'list_tasks',
    description:
      "List the user's tasks, newest first (up to 100). Filters: status (pending|completed|all, default all), priority, tag, q (text search in title and description), due (overdue|today|week). Returns an array of tasks with their ids.",
    input: ListTasksArgs,
    destructive: false,
    run: async (repo, userId, args) => {
      const page = await repo.list(userId, {
        status: args.status ?? 'all',
        priority: args.priority,
        tag: args.tag?.replace(/^#/, ''),
        q: args.q,
        due: args.due,
        tz: 'UTC',
        sort: 'created',
        limit: 100,
      });
      return page.items;
    },
  }),
  define({
    name: 'complete_task',
    description:
      'Mark one task completed, by its numeric id; a recurring task gets its next occurrence. Returns the updated task.',
    input: TaskRefArgs,
    destructive: false,
    run: async (repo, userId, { taskId }) => found(await repo.complete(userId, taskId), taskId),
  }),
  define({
    name: 'delete_task',
    description:
      'Delete one task permanently, by its numeric id. Only when the user clearly asked to delete that task.',
    input: TaskRefArgs,
    destructive: true,
    run: async (repo, userId, { taskId }) => {
      if (!(await repo.remove(userId, taskId))) throw new ToolError(`Task ${taskId} not found`);
      return { deleted: true, taskId };
    },
  }),
  define({
    name: 'update_task',
    description:
      'Change a task by its numeric id: any of title, description, priority, dueAt (ISO 8601 with offset, or null to clear), tags (replaces the list), recurrence (RFC 5545 RRULE, or null to stop repeating), completed (false reopens). Returns the updated task.',
    input: UpdateTaskArgs,
    destructive: false,
    run: async (repo, userId, { taskId, ...patch }) =>
      found(await repo.update(userId, taskId, patch), taskId),
  }),
];

export const toolByName = new Map(taskTools.map((t) => [t.name, t]));

/** JSON Schema of a tool's input, as MCP and OpenAI-style function calling expect it. */
export function toolJsonSchema(tool: ToolDefinition): Record<string, unknown> {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(tool.input, { io: 'input' }) as Record<
    string,
    unknown
  >;
  return schema;
}

/** A change the toolbox made, with what the task was before, so "undo" can reverse it. */
export type Change =
  | { kind: 'created'; taskId: number }
  | { kind: 'updated'; before: Task }
  | { kind: 'deleted'; before: Task };

/**
 * Runs tools for one user and records each call (name, arguments, result) for the reply.
 * Invalid arguments and missing tasks become an `{ error }` result, never an exception.
 * With a justification (the chat), every write first passes the safety rules (safety.ts);
 * MCP callers act with their own token and are not second-guessed.
 */
export function createToolbox(
  repo: TaskRepository,
  userId: string,
  justification?: Justification,
  /** Told of each call as it completes (the chat streams tool cards as tools run). */
  onCall?: (call: ToolCall) => void,
) {
  const calls: ToolCall[] = [];
  const changes: Change[] = [];
  let guard: Guard | null = justification ? createGuard(justification) : null;
  let cached: Task[] | null = null;
  let cachedAt = -1;
  return {
    calls,
    changes,
    /** Re-justify the rest of the turn (a confirmation answers a preview). */
    justify(j: Justification) {
      guard = createGuard(j);
    },
    async call(name: string, args: unknown): Promise<{ ok: boolean; result: unknown }> {
      const tool = toolByName.get(name as ToolName);
      const record = (ok: boolean, result: unknown) => {
        const call = { name, arguments: (args ?? {}) as Record<string, unknown>, result };
        calls.push(call);
        onCall?.(call);
        return { ok, result };
      };
      if (!tool) return record(false, { error: `Unknown tool ${name}` });
      const parsed = tool.input.safeParse(args ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        return record(false, {
          error: `Invalid arguments: ${issue.path.join('.') || 'input'} ${issue.message}`,
        });
      }
      const refusal = guard?.check(name, parsed.data);
      // A refused call is answered (so a model learns why) but not recorded: nothing ran.
      if (refusal) return { ok: false, result: { error: refusal } };
      try {
        const taskId = (parsed.data as { taskId?: number }).taskId;
        const before = taskId !== undefined ? await repo.get(userId, taskId) : null;
        const result = await tool.run(repo, userId, parsed.data as never);
        if (name === 'add_task') changes.push({ kind: 'created', taskId: (result as Task).id });
        else if (before && name === 'delete_task') changes.push({ kind: 'deleted', before });
        else if (before && tool.name !== 'list_tasks') changes.push({ kind: 'updated', before });
        return record(true, result);
      } catch (err) {
        if (err instanceof ToolError) return record(false, { error: err.message });
        throw err;
      }
    },
    /**
     * Undo of a delete: the task comes back as it was, under its own number. Not a model tool;
     * the safety rules allow it only for an undo.
     */
    async restore(before: Task): Promise<{ ok: boolean; result: unknown }> {
      const refusal = guard?.check('restore_task', { taskId: before.id });
      if (refusal) return { ok: false, result: { error: refusal } };
      const task = await repo.restore(userId, before);
      if (!task) return { ok: false, result: { error: `Task ${before.id} exists again` } };
      changes.push({ kind: 'created', taskId: task.id });
      // Shown as the add it amounts to, so the chat's tool cards need no new kind.
      const call = {
        name: 'add_task',
        arguments: { taskId: task.id, title: task.title },
        result: task,
      };
      calls.push(call);
      onCall?.(call);
      return { ok: true, result: task };
    },
    /** The user's tags (for "my home stuff"); a read, not a recorded tool call. */
    async tags(): Promise<string[]> {
      if (cached && cachedAt === changes.length + calls.length)
        return [...new Set(cached.flatMap((t) => t.tags))];
      return repo.tags(userId);
    },
    /**
     * A listing for the chat, read bounded in SQL: the newest `limit` tasks of `selection`,
     * and how many the set holds. `keep` narrows what was read in memory (then `total` counts
     * what was kept); `tags` brings the user's tags in the same round trip. `record()` records
     * it as the `list_tasks` call it stands for (`args`), with the first `show` tasks (the ones
     * the reply lists) as its result.
     */
    async find(
      args: ListTasksArgs,
      selection: TaskFind,
      read: { limit: number; show: number; keep?: (task: Task) => boolean; tags?: boolean },
    ): Promise<{ tasks: Task[]; total: number; tags?: string[]; record(): void }> {
      const record = (result: unknown) => () => {
        const call = { name: 'list_tasks', arguments: args as Record<string, unknown>, result };
        calls.push(call);
        onCall?.(call);
      };
      const parsed = ListTasksArgs.safeParse(args);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const error = `Invalid arguments: ${issue.path.join('.') || 'input'} ${issue.message}`;
        const tags = read.tags ? await repo.tags(userId) : undefined;
        return { tasks: [], total: 0, tags, record: record({ error }) };
      }
      const tag = parsed.data.tag?.replace(/^#/, '');
      const found = await repo.find(userId, { ...selection, tag }, read.limit, read.tags);
      const tasks = read.keep ? found.items.filter(read.keep) : found.items;
      return {
        tasks,
        total: read.keep ? tasks.length : found.total,
        tags: found.tags,
        record: record(tasks.slice(0, read.show)),
      };
    },
    /** The user's tasks for resolving "the milk one"; a read, not a recorded tool call. */
    async tasks(): Promise<Task[]> {
      // Read once per turn until something changes: several stages ask for them.
      if (cached && cachedAt === changes.length + calls.length) return cached;
      // One query (the list's prebuilt one) instead of pages of 100: ten round trips, with
      // the SQL built for each, were most of a chat turn's time for a user with 1000 tasks.
      const { items } = await repo.list(userId, {
        status: 'all',
        tz: 'UTC',
        sort: 'created',
        limit: 1000,
      });
      cached = items;
      cachedAt = changes.length + calls.length;
      return items;
    },
  };
}

export type Toolbox = ReturnType<typeof createToolbox>;
