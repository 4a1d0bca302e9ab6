import { z } from 'zod';
import {
  DueFilter,
  Priority,
  TaskCreate,
  TaskId,
  TaskRecurrence,
  TaskTags,
  TaskTitle,
  TaskDescription,
  IsoDateTime,
  TimeZone,
  text,
} from './tasks';

export const CHAT_MESSAGE_MAX = 4000;

// --- the five task tools: one definition for the chat engine, the LLM loop and MCP ---------

export const AddTaskArgs = TaskCreate;

export const ListTasksArgs = z.strictObject({
  status: z.enum(['pending', 'completed', 'all']).optional(),
  priority: Priority.optional(),
  tag: text().trim().toLowerCase().max(33).optional(),
  q: text().trim().max(200).optional(),
  due: DueFilter.optional(),
});
export type ListTasksArgs = z.output<typeof ListTasksArgs>;

export const TaskRefArgs = z.strictObject({ taskId: TaskId });
export type TaskRefArgs = z.output<typeof TaskRefArgs>;

export const UpdateTaskArgs = z
  .strictObject({
    taskId: TaskId,
    title: TaskTitle.optional(),
    description: TaskDescription.optional(),
    priority: Priority.optional(),
    dueAt: IsoDateTime.nullable().optional(),
    tags: TaskTags.optional(),
    recurrence: TaskRecurrence.optional(),
    completed: z.boolean().optional(),
  })
  .refine((a) => Object.keys(a).length > 1, {
    error:
      'must change at least one of title, description, priority, dueAt, tags, recurrence, completed',
  });
export type UpdateTaskArgs = z.output<typeof UpdateTaskArgs>;

export const toolNames = [
  'add_task',
  'list_tasks',
  'complete_task',
  'delete_task',
  'update_task',
] as const;
export const ToolName = z.enum(toolNames);
export type ToolName = z.infer<typeof ToolName>;

// --- chat ---------------------------------------------------------------------------------

export const ToolCall = z.object({
  name: z.string(),
  arguments: z.record(z.string(), z.unknown()),
  result: z.unknown(),
});
export type ToolCall = z.infer<typeof ToolCall>;

export const ChatRequest = z.strictObject(
  {
    conversationId: z.uuid({ error: 'must be a conversation id' }).optional(),
    // Length first: 64 KB of spaces must not be trimmed before being refused.
    message: text()
      .max(CHAT_MESSAGE_MAX, { error: `must be at most ${CHAT_MESSAGE_MAX} characters` })
      .trim()
      .min(1, { error: 'must not be empty' }),
    /** The user's IANA time zone, for "tomorrow" and "tonight". Default UTC. */
    timeZone: TimeZone.optional(),
  },
  { error: 'must be a JSON object' },
);
export type ChatRequest = z.output<typeof ChatRequest>;

export const ChatResponse = z.object({
  conversationId: z.string(),
  reply: z.string(),
  toolCalls: z.array(ToolCall),
});
export type ChatResponse = z.infer<typeof ChatResponse>;

export const ChatMessage = z.object({
  id: z.number(),
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  toolCalls: z.array(ToolCall),
  createdAt: z.string(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

export const Conversation = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Conversation = z.infer<typeof Conversation>;

export const ConversationList = z.object({ items: z.array(Conversation) });
export const CONVERSATION_PAGE_MAX = 200;

/** A page of a conversation's messages: the latest `limit`, or the `limit` before a message. */
export const ConversationPageQuery = z.object({
  limit: z.coerce
    .number({ error: `must be a whole number from 1 to ${CONVERSATION_PAGE_MAX}` })
    .int({ error: `must be a whole number from 1 to ${CONVERSATION_PAGE_MAX}` })
    .min(1, { error: `must be a whole number from 1 to ${CONVERSATION_PAGE_MAX}` })
    .max(CONVERSATION_PAGE_MAX, {
      error: `must be a whole number from 1 to ${CONVERSATION_PAGE_MAX}`,
    })
    .default(100),
  before: z.coerce
    .number({ error: 'must be a message id' })
    .int({ error: 'must be a message id' })
    .positive({ error: 'must be a message id' })
    .max(2_147_483_647, { error: 'must be a message id' })
    .optional(),
});
export type ConversationPageQuery = z.output<typeof ConversationPageQuery>;

export const ConversationDetail = Conversation.extend({
  /** Oldest first; the latest page unless `before` was given. */
  messages: z.array(ChatMessage),
  /** Pass as `before` for the page of older messages; null when there are none. */
  olderBefore: z.number().nullable(),
});
export type ConversationDetail = z.infer<typeof ConversationDetail>;
