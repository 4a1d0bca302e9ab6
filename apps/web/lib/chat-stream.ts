'use client';

import type { ChatResponse, ToolCall } from '@todo/contracts';
import { ApiFailure, json } from './api';

/** The turn failed and the server rolled it back: tools that were shown as run saved nothing. */
export class TurnNotSaved extends ApiFailure {}

export interface ChatStreamHandlers {
  tool(call: ToolCall): void;
  text(chunk: string): void;
}

/**
 * POST /api/chat as server-sent events: tool cards arrive as tools run and the reply as it is
 * generated; resolves with the final answer. Errors before the stream starts are the API's
 * usual JSON errors (a 400 names the field).
 */
export async function streamChat(
  body: { conversationId?: string; message: string; timeZone: string },
  handlers: ChatStreamHandlers,
): Promise<ChatResponse> {
  let res: Response;
  try {
    res = await fetch('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: json(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiFailure(0, 'Cannot reach the server. Check your connection and try again.');
  }
  if (!res.ok || !res.body || !res.headers.get('content-type')?.startsWith('text/event-stream')) {
    if (res.ok) return (await res.json()) as ChatResponse;
    // Errors come before the stream starts, as the API's usual JSON error.
    if (res.status === 401) {
      window.location.assign('/sign-in?expired=1');
      throw new ApiFailure(401, 'Your session has ended. Please sign in again.');
    }
    const error = (
      (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null
    )?.error;
    throw new ApiFailure(
      res.status,
      error?.message ??
        (res.status >= 500
          ? 'The server is having trouble right now. Try again in a moment.'
          : `Request failed (${res.status})`),
      error?.code,
    );
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (!event || data === undefined) continue;
      const payload = JSON.parse(data);
      if (event === 'tool') handlers.tool(payload as ToolCall);
      else if (event === 'text') handlers.text((payload as { text: string }).text);
      else if (event === 'done') return payload as ChatResponse;
      else if (event === 'error') {
        const { code, message, saved } = payload as {
          code?: string;
          message: string;
          saved?: boolean;
        };
        throw saved === false
          ? new TurnNotSaved(500, message, code)
          : new ApiFailure(500, message, code);
      }
    }
  }
  throw new ApiFailure(0, 'The answer was cut off. Check your list before trying again.');
}
