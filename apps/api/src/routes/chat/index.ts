import {
  ApiError,
  ChatRequest,
  ChatResponse,
  ConversationDetail,
  ConversationList,
  ConversationPageQuery,
} from '@todo/contracts';
import type { Agent, Memory, PendingState } from '@todo/agent';
import type { ConversationRepository, Db, TaskRepository } from '@todo/db';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { HttpError, isDatabaseUnavailable, notFound } from '../../errors';
import { errorKind } from '../../log-safe';
import { openTurnUnit } from './turn-unit';

interface ChatOptions {
  agent: Agent;
  conversations: ConversationRepository;
  /** The database and the tasks on its pool: a turn's writes go into its own transaction. */
  db: Db;
  tasks: TaskRepository;
  /** How long a turn's transaction may wait between statements (the longest model call). */
  turnIdleLimitMs: number;
  /** The limit the pool's connections already have (then a turn sets none of its own). */
  sessionIdleLimitMs?: number;
  /** Whether an LLM is configured (which engine a failed turn is counted for). */
  llm: boolean;
}

/** Messages a turn reads back: the LLM is sent the last 20, the offline engine only the last. */
const HISTORY_PER_TURN = 40;

const ConversationParams = z.object({ id: z.uuid({ error: 'must be a conversation id' }) });

/** Chat with the agent. The server keeps no state between requests: history is in the database. */
const chatRoutes: FastifyPluginAsyncZod<ChatOptions> = async (
  app,
  { agent, conversations, db, tasks, turnIdleLimitMs, sessionIdleLimitMs, llm },
) => {
  app.addHook('onRequest', app.requireCaller);
  const tags = ['chat'];
  const security: Record<string, string[]>[] = [{ session: [] }, { bearer: [] }];
  const errors = { 400: ApiError, 401: ApiError, 404: ApiError };

  app.post(
    '/api/chat',
    {
      schema: {
        tags,
        security,
        summary: 'Send a message to the task agent; it may call task tools',
        description:
          'With `Accept: text/event-stream` the answer streams as server-sent events: `tool` (a tool call, as it runs), `text` (`{ text }`, a piece of the reply as the model generates it, to append), then `done` (this JSON body) or `error` (`{ code, message, saved: false }`). The offline engine answers at once on the same protocol. A turn’s task changes and its messages commit together: a failed turn (500, or an `error` event) saved nothing, and may be sent again.',
        body: ChatRequest,
        response: { 200: ChatResponse, ...errors },
      },
    },
    async (request, reply) => {
      const userId = request.caller!.userId;
      const { message, timeZone = 'UTC' } = request.body;
      // Server-sent events when asked for: tool cards as tools run, the reply as it comes, then
      // the same body as the JSON answer. The offline engine answers at once on this protocol.
      const stream = /\btext\/event-stream\b/.test(request.headers.accept ?? '')
        ? new PassThrough()
        : null;
      const send = (event: string, data: unknown) =>
        stream?.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      let streamedText = false;
      // A new conversation is created with the turn's record, so a failed turn leaves none.
      const existing = request.body.conversationId
        ? await conversations.get(userId, request.body.conversationId)
        : null;
      if (request.body.conversationId && !existing) throw notFound('Conversation');

      // Bounded: the model sees the last turns only, and the pending state is on the last one.
      const history = existing
        ? (await conversations.page(existing.id, { limit: HISTORY_PER_TURN })).messages
        : [];
      const last = history.at(-1);
      const saved =
        last?.role === 'assistant' ? readState(last.state) : { pending: null, memory: null };
      const { pending, memory } = saved;
      if (stream) {
        reply
          .header('content-type', 'text/event-stream; charset=utf-8')
          .header('cache-control', 'no-cache, no-transform')
          .header('x-accel-buffering', 'no');
        void reply.send(stream as never);
      }
      // The turn's task writes and its conversation record: one transaction (turn-unit.ts).
      const unit = openTurnUnit(db, tasks, turnIdleLimitMs, sessionIdleLimitMs === turnIdleLimitMs);
      let engine: 'offline' | 'llm' = llm ? 'llm' : 'offline';
      try {
        const answer = await agent.respond({
          userId,
          message,
          timeZone,
          history: history.map((m) => ({ role: m.role, content: m.content })),
          pending,
          memory,
          tasks: unit.tasks,
          events: stream
            ? {
                tool: (call) => send('tool', call),
                text: (chunk) => {
                  streamedText = true;
                  send('text', { text: chunk });
                },
              }
            : undefined,
        });
        engine = answer.engine;
        const conversation = await unit.commit(async (repo) => {
          // One statement: the conversation (created or touched) and the turn's two messages.
          const c = await repo.record(userId, existing?.id ?? null, titleFor(message), [
            { role: 'user', content: message },
            {
              role: 'assistant',
              content: answer.reply,
              toolCalls: answer.toolCalls,
              state: { pending: answer.pending, memory: answer.memory },
            },
          ]);
          // Deleted while the turn ran: nothing of the turn is kept.
          if (!c) throw notFound('Conversation');
          return c;
        });
        app.metrics.chatTurn(answer.engine, 'ok');
        request.log.info(
          {
            conversationId: conversation.id,
            engine: answer.engine,
            tools: answer.toolCalls.map((c) => c.name),
          },
          'chat turn',
        );
        const body = {
          conversationId: conversation.id,
          reply: answer.reply,
          toolCalls: answer.toolCalls,
        };
        if (stream) {
          if (!streamedText) send('text', { text: answer.reply });
          send('done', body);
          stream.end();
          return reply;
        }
        return body;
      } catch (err) {
        await unit.rollback();
        app.metrics.chatTurn(engine, 'error');
        const failure = turnFailed(err);
        if (failure !== err) request.log.error(errorKind(err), 'chat turn failed, rolled back');
        if (!stream) throw failure;
        // The status line is sent: the failure travels as an event, and the stream ends. Tool
        // events already sent describe work that was rolled back: `saved: false` says so.
        send('error', { code: failure.code, message: failure.message, saved: false });
        stream.end();
        return reply;
      }
    },
  );

  app.get(
    '/api/conversations',
    {
      schema: {
        tags,
        security,
        summary: 'Your conversations, most recent first',
        response: { 200: ConversationList, ...errors },
      },
    },
    async (request) => ({ items: await conversations.list(request.caller!.userId) }),
  );

  app.get(
    '/api/conversations/:id',
    {
      schema: {
        tags,
        security,
        summary:
          'One conversation with its latest messages (up to `limit`, default 100); `before` pages back',
        params: ConversationParams,
        querystring: ConversationPageQuery,
        response: { 200: ConversationDetail, ...errors },
      },
    },
    async (request) => {
      const conversation = await conversations.get(request.caller!.userId, request.params.id);
      if (!conversation) throw notFound('Conversation');
      const page = await conversations.page(conversation.id, request.query);
      return {
        ...conversation,
        messages: page.messages.map(({ state: _state, ...m }) => m),
        olderBefore: page.olderBefore,
      };
    },
  );

  app.delete(
    '/api/conversations/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Delete a conversation and its messages',
        params: ConversationParams,
        response: { 204: z.null().describe('Deleted'), ...errors },
      },
    },
    async (request, reply) => {
      if (!(await conversations.remove(request.caller!.userId, request.params.id))) {
        throw notFound('Conversation');
      }
      return reply.status(204).send(null);
    },
  );
};

/** A failed turn saved nothing (its transaction rolled back): the answer says so. */
function turnFailed(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  return isDatabaseUnavailable(err)
    ? new HttpError(
        503,
        'service_unavailable',
        'The database is not answering; nothing from this message was saved. Try again shortly.',
      )
    : new HttpError(
        500,
        'internal_error',
        'Something went wrong on our side; nothing from this message was saved. Try again.',
      );
}

/** The engine's state saved with an assistant message (older rows hold the pending state alone). */
function readState(state: unknown): { pending: PendingState | null; memory: Memory | null } {
  if (!state || typeof state !== 'object') return { pending: null, memory: null };
  if ('kind' in state) return { pending: state as PendingState, memory: null };
  const s = state as { pending?: PendingState | null; memory?: Memory | null };
  return { pending: s.pending ?? null, memory: s.memory ?? null };
}

/** The conversation's title in the history: its first request, cut at a word. */
function titleFor(message: string): string {
  const line = message.split('\n')[0]!.replace(/\s+/g, ' ').trim();
  if (line.length <= 48) return line;
  const cut = line.slice(0, 47);
  const space = cut.lastIndexOf(' ');
  return `${(space > 24 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}

export default chatRoutes;
