'use client';

import type { Conversation, ConversationDetail, Task, ToolCall } from '@todo/contracts';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, userTimeZone } from '@/lib/api';
import { streamChat, TurnNotSaved } from '@/lib/chat-stream';

interface Message {
  role: 'user' | 'assistant';
  content: string;
  toolCalls: ToolCall[];
  /** The reply is still arriving: shown as plain text until it is whole. */
  streaming?: boolean;
  /** Messages of the turn in flight, to replace or remove them as its events arrive. */
  turn?: number;
}

let turns = 0;

const isTask = (value: unknown): value is Task =>
  typeof value === 'object' && value !== null && 'title' in value && 'completed' in value;

function ToolCard({ call }: { call: ToolCall }) {
  const result = call.result as unknown;
  if (typeof result === 'object' && result && 'error' in result) {
    return <div className="tool-card error">⚠ {String((result as { error: string }).error)}</div>;
  }
  if (Array.isArray(result)) {
    return (
      <div className="tool-card">
        ☰ Listed {result.length} task{result.length === 1 ? '' : 's'}
      </div>
    );
  }
  if (call.name === 'delete_task') {
    return <div className="tool-card">✕ Deleted task #{String(call.arguments.taskId)}</div>;
  }
  if (isTask(result)) {
    const verb =
      call.name === 'add_task' ? 'Added' : call.name === 'complete_task' ? 'Completed' : 'Updated';
    return (
      <div className="tool-card">
        <span aria-hidden>{result.completed ? '☑' : '☐'}</span> {verb} #{result.id}{' '}
        <strong>{result.title}</strong>
        {result.priority !== 'medium' && <span className="badge">{result.priority}</span>}
      </div>
    );
  }
  return null;
}

/** A reply's text; numbered or bulleted lines render as a list. */
function ReplyText({ text }: { text: string }) {
  const blocks: { list: boolean; lines: string[] }[] = [];
  for (const line of text.split('\n')) {
    const item = /^\s*(?:\d+\.|[•*-])\s+/.test(line);
    const last = blocks.at(-1);
    if (last && last.list === item)
      last.lines.push(item ? line.replace(/^\s*(?:\d+\.|[•*-])\s+/, '') : line);
    else
      blocks.push({
        list: item,
        lines: [item ? line.replace(/^\s*(?:\d+\.|[•*-])\s+/, '') : line],
      });
  }
  return (
    <>
      {blocks.map((b, i) =>
        b.list ? (
          <ol key={i} className="reply-list">
            {b.lines.map((l, j) => (
              <li key={j}>{l}</li>
            ))}
          </ol>
        ) : (
          <p key={i}>{b.lines.join('\n')}</p>
        ),
      )}
    </>
  );
}

/** "Today 14:05", "Yesterday", "Mon, Nov 23" for the history list. */
function formatWhen(iso: string): string {
  const at = new Date(iso);
  const days = Math.round(
    (new Date().setHours(0, 0, 0, 0) - new Date(iso).setHours(0, 0, 0, 0)) / 86_400_000,
  );
  if (days === 0)
    return `Today ${at.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' })}`;
  if (days === 1) return 'Yesterday';
  return at.toLocaleDateString(undefined, { weekday: 'short', month: 'short', day: 'numeric' });
}

const suggestions = ['add call mom tomorrow at 6pm', 'what’s overdue?', 'what’s on my list?'];

export function ChatPanel({ onTasksChanged }: { onTasksChanged: () => void }) {
  const [conversationId, setConversationId] = useState<string | undefined>();
  const [messages, setMessages] = useState<Message[]>([]);
  const [input, setInput] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [history, setHistory] = useState<Conversation[] | null>(null);
  const endRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    endRef.current?.scrollIntoView?.({ block: 'end' });
  }, [messages]);

  const send = async (e: FormEvent | null, text = input) => {
    e?.preventDefault();
    const message = text.trim();
    if (!message) return;
    setSending(true);
    setError(null);
    const turn = ++turns;
    setMessages((m) => [...m, { role: 'user', content: message, toolCalls: [], turn }]);
    setInput('');
    // The assistant's message grows as events arrive: tool cards as tools run, the text as the
    // model writes it.
    const live: Message = {
      role: 'assistant',
      content: '',
      toolCalls: [],
      streaming: true,
      turn,
    };
    const update = () =>
      setMessages((m) => {
        const at = m.findIndex((x) => x.turn === turn && x.role === 'assistant');
        return at < 0 ? [...m, { ...live }] : m.map((x, i) => (i === at ? { ...live } : x));
      });
    try {
      const res = await streamChat(
        { conversationId, message, timeZone: userTimeZone() },
        {
          tool(call) {
            live.toolCalls = [...live.toolCalls, call];
            update();
          },
          text(chunk) {
            live.content += chunk;
            update();
          },
        },
      );
      setConversationId(res.conversationId);
      live.content = res.reply;
      live.toolCalls = res.toolCalls;
      live.streaming = false;
      update();
      if (res.toolCalls.some((c) => c.name !== 'list_tasks')) onTasksChanged();
    } catch (err) {
      setError((err as Error).message);
      if (err instanceof TurnNotSaved || !live.toolCalls.length) {
        // Nothing was saved: no tool card may claim otherwise. The message goes back to the box.
        setInput(message);
        setMessages((m) => m.filter((x) => x.turn !== turn));
      } else {
        // Cut off mid-answer: what already ran stays shown, the text as far as it came.
        live.streaming = false;
        update();
      }
    } finally {
      setSending(false);
    }
  };

  const showHistory = async () => {
    if (history) return setHistory(null);
    try {
      setHistory((await api<{ items: Conversation[] }>('/api/conversations')).items);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const open = async (id: string) => {
    try {
      const detail = await api<ConversationDetail>(`/api/conversations/${id}`);
      setConversationId(detail.id);
      setMessages(detail.messages);
      setHistory(null);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const forget = async (id: string) => {
    try {
      await api(`/api/conversations/${id}`, { method: 'DELETE' });
      setHistory((h) => h?.filter((c) => c.id !== id) ?? h);
      if (id === conversationId) newChat();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const newChat = () => {
    setConversationId(undefined);
    setMessages([]);
    setHistory(null);
  };

  return (
    <section className="panel chat" aria-labelledby="chat-heading">
      <div className="panel-head">
        <h2 id="chat-heading">Assistant</h2>
        <div className="actions">
          <button type="button" className="ghost" onClick={newChat}>
            New chat
          </button>
          <button type="button" className="ghost" aria-expanded={!!history} onClick={showHistory}>
            History
          </button>
        </div>
      </div>

      {history && (
        <ul className="history" aria-label="Past conversations">
          {history.length === 0 && <li className="muted">No past conversations.</li>}
          {history.map((c) => (
            <li key={c.id}>
              <button type="button" className="link" onClick={() => void open(c.id)}>
                {c.title}
              </button>{' '}
              <time className="muted" dateTime={c.updatedAt}>
                {formatWhen(c.updatedAt)}
              </time>
              <button
                type="button"
                className="icon danger"
                aria-label={`Delete conversation “${c.title}”`}
                onClick={() => void forget(c.id)}
              >
                <span aria-hidden>×</span>
              </button>
            </li>
          ))}
        </ul>
      )}

      <div className="messages" aria-live="polite" aria-label="Conversation">
        {messages.length === 0 && (
          <div className="state empty">
            <p>Ask me to manage your tasks, for example:</p>
            <ul className="prompts">
              {suggestions.map((s) => (
                <li key={s}>
                  <button
                    type="button"
                    className="prompt"
                    disabled={sending}
                    onClick={() => void send(null, s)}
                  >
                    {s}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
        {messages.map((m, i) => (
          <div key={i} className={`message ${m.role}`} aria-busy={m.streaming || undefined}>
            <span className="sr-only">{m.role === 'user' ? 'You said:' : 'Assistant:'}</span>
            {m.streaming ? <p>{m.content}</p> : <ReplyText text={m.content} />}
            {m.toolCalls.map((call, j) => (
              <ToolCard key={j} call={call} />
            ))}
          </div>
        ))}
        {sending && !messages.at(-1)?.content && (
          <div className="message assistant typing" aria-label="Assistant is typing">
            …
          </div>
        )}
        <div ref={endRef} />
      </div>

      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}

      <form className="composer" onSubmit={send}>
        <label className="grow">
          <span className="sr-only">Message the assistant</span>
          <input
            id="chat-input"
            value={input}
            onChange={(e) => setInput(e.target.value)}
            placeholder="Message the assistant…"
            maxLength={4000}
            disabled={sending}
          />
        </label>
        <button type="submit" disabled={sending || !input.trim()}>
          Send
        </button>
      </form>
    </section>
  );
}
