import type { ToolCall } from '@todo/contracts';
import type { TaskRepository } from '@todo/db';
import { emptyMemory, runOfflineTurn, type Memory, type PendingState } from './engine/index';
import { LlmError, runLlmTurn, type LlmConfig } from './llm';
import { createToolbox } from './tools';
import { undoRequested } from './engine/intents/undo';
import { bulkDeleteRequested } from '@todo/language';

export interface AgentOptions {
  tasks: TaskRepository;
  /** When set, an OpenAI-compatible model answers; otherwise the offline engine does. */
  llm?: LlmConfig | null;
  now?: () => Date;
  onLlmError?: (err: LlmError) => void;
}

export interface AgentTurn {
  userId: string;
  message: string;
  timeZone: string;
  history: { role: 'user' | 'assistant'; content: string }[];
  /** What the previous assistant message was waiting for. */
  pending: PendingState | null;
  /** What the conversation refers to ("it", "the second one") and how to undo the last change. */
  memory?: Memory | null;
  /** The tasks this turn acts on, when not the agent's own (the chat's turn transaction). */
  tasks?: TaskRepository;
  /** Streaming: each tool call as it runs, and the reply text as it is generated. */
  events?: { tool(call: ToolCall): void; text(chunk: string): void };
}

export interface AgentReply {
  reply: string;
  toolCalls: ToolCall[];
  pending: PendingState | null;
  memory: Memory;
  engine: 'offline' | 'llm';
}

export function createAgent(options: AgentOptions) {
  const now = options.now ?? (() => new Date());
  return {
    mode: options.llm ? ('llm' as const) : ('offline' as const),

    async respond(turn: AgentTurn): Promise<AgentReply> {
      const engine = options.llm ? ('llm' as const) : ('offline' as const);
      const tools = createToolbox(
        turn.tasks ?? options.tasks,
        turn.userId,
        { message: turn.message, engine },
        turn.events?.tool,
      );
      const at = now();
      // A model's changes can be undone too; what it touched is what "it" means next.
      const llmMemory = (): Memory => {
        const before = turn.memory ?? emptyMemory();
        if (!tools.changes.length) return before;
        const focus = tools.changes.flatMap((c) =>
          c.kind === 'created' ? [c.taskId] : c.kind === 'updated' ? [c.before.id] : [],
        );
        return { ...before, focus, undo: [...tools.changes] };
      };
      const offline = async (prefix = '') => {
        tools.justify({ message: turn.message, engine: 'offline' });
        const result = await runOfflineTurn({
          message: turn.message,
          now: at,
          timeZone: turn.timeZone,
          pending: turn.pending,
          memory: turn.memory ?? emptyMemory(),
          tools,
        });
        return {
          reply: prefix + result.reply,
          toolCalls: tools.calls,
          pending: result.pending,
          memory: result.memory ?? turn.memory ?? emptyMemory(),
          engine: 'offline' as const,
        };
      };

      // Bulk deletes and undo go through the offline engine: its preview, confirmation and undo
      // record are exact, whatever a model would propose.
      if (
        !options.llm ||
        turn.pending ||
        bulkDeleteRequested(turn.message) ||
        (undoRequested(turn.message) && turn.memory?.undo?.length)
      ) {
        return offline();
      }
      try {
        const reply = await runLlmTurn(options.llm, {
          message: turn.message,
          history: turn.history,
          now: at,
          timeZone: turn.timeZone,
          tools,
          onText: turn.events?.text,
        });
        return { reply, toolCalls: tools.calls, pending: null, memory: llmMemory(), engine: 'llm' };
      } catch (err) {
        if (!(err instanceof LlmError)) throw err;
        options.onLlmError?.(err);
        if (err.toolCallsMade > 0) {
          // Something already ran: answering again offline could do it twice.
          return {
            reply: `I lost the connection to the AI model (${err.message}) after: ${tools.calls.map((c) => c.name).join(', ')}. Check your list before trying again.`,
            toolCalls: tools.calls,
            pending: null,
            memory: llmMemory(),
            engine: 'llm',
          };
        }
        return offline(
          `The AI model is unavailable right now (${err.message}), so the built-in assistant answered:\n`,
        );
      }
    },
  };
}

export type Agent = ReturnType<typeof createAgent>;
