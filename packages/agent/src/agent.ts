import type { ToolCall } from '@todo/contracts';
import type { TaskRepository } from '@todo/db';
import { runOfflineTurn, type PendingState } from './engine/index';
import { LlmError, runLlmTurn, type LlmConfig } from './llm';
import { createToolbox } from './tools';

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
}

export interface AgentReply {
  reply: string;
  toolCalls: ToolCall[];
  pending: PendingState | null;
  engine: 'offline' | 'llm';
}

// Bulk deletions always go through the offline engine's explicit confirmation turn.
const BULK_DESTRUCTIVE =
  /\b(delete|remove|clear|erase|wipe|purge|trash)\b.*\b(all|every|everything|completed|done|finished)\b|\b(clear|wipe|empty)\s+(out\s+)?(my|the)\s+(list|tasks|todos)\b/i;

export function createAgent(options: AgentOptions) {
  const now = options.now ?? (() => new Date());
  return {
    mode: options.llm ? ('llm' as const) : ('offline' as const),

    async respond(turn: AgentTurn): Promise<AgentReply> {
      const tools = createToolbox(options.tasks, turn.userId);
      const at = now();
      const offline = async (prefix = '') => {
        const result = await runOfflineTurn({
          message: turn.message,
          now: at,
          timeZone: turn.timeZone,
          pending: turn.pending,
          tools,
        });
        return {
          reply: prefix + result.reply,
          toolCalls: tools.calls,
          pending: result.pending,
          engine: 'offline' as const,
        };
      };

      if (!options.llm || turn.pending || BULK_DESTRUCTIVE.test(turn.message)) return offline();
      try {
        const reply = await runLlmTurn(options.llm, {
          message: turn.message,
          history: turn.history,
          now: at,
          timeZone: turn.timeZone,
          tools,
        });
        return { reply, toolCalls: tools.calls, pending: null, engine: 'llm' };
      } catch (err) {
        if (!(err instanceof LlmError)) throw err;
        options.onLlmError?.(err);
        if (err.toolCallsMade > 0) {
          // Something already ran: answering again offline could do it twice.
          return {
            reply: `I lost the connection to the AI model (${err.message}) after: ${tools.calls.map((c) => c.name).join(', ')}. Check your list before trying again.`,
            toolCalls: tools.calls,
            pending: null,
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
