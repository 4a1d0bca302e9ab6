import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * FAKE OpenAI-compatible chat-completions server, for tests only (no model can run here).
 * It speaks the real wire protocol (`POST /v1/chat/completions`, `choices[0].message`,
 * `tool_calls` with JSON-encoded arguments) and answers from a script of responses. Asked
 * with `stream: true` it streams as the real service does: `data:` chunks whose
 * `choices[0].delta` carries the content a word at a time and each tool call in fragments
 * (id and name, then pieces of the arguments), a `finish_reason`, then `data: [DONE]`.
 */
export interface ScriptedReply {
  status?: number;
  /** Never answer (to provoke the client's timeout, however slow the machine). */
  hang?: boolean;
  content?: string | null;
  toolCalls?: { name: string; arguments: unknown }[];
  /** Sent as `choices[0].message` (streamed: as one `delta`) verbatim, to test malformed replies. */
  raw?: unknown;
  /** Streamed replies only: after this many content chunks, wait for `release` to resolve. */
  holdAfter?: number;
  release?: Promise<void>;
  /** Refuse `stream: true` with a 400, as providers without streaming do. */
  refuseStream?: boolean;
}

export interface RecordedRequest {
  authorization: string | undefined;
  body: {
    model: string;
    stream?: boolean;
    messages: { role: string; content: string | null; tool_call_id?: string }[];
    tools: { type: string; function: { name: string; description: string; parameters: unknown } }[];
  };
}

export interface FakeOpenAI {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Replies in order; a function answers every remaining request. */
  script(replies: ScriptedReply[] | ((request: RecordedRequest) => ScriptedReply)): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  let queue: ScriptedReply[] = [];
  let responder: ((request: RecordedRequest) => ScriptedReply) | null = null;
  let callId = 0;

  const server: Server = createServer(async (req, res) => {
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'not found' } }));
      return;
    }
    const recorded: RecordedRequest = {
      authorization: req.headers.authorization,
      body: JSON.parse(await readBody(req)),
    };
    requests.push(recorded);
    const reply = responder ? responder(recorded) : (queue.shift() ?? { content: 'ok' });
    if (reply.hang) return;
    if (res.destroyed) return;
    if (reply.status && reply.status >= 400) {
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'scripted failure', type: 'server_error' } }));
      return;
    }
    if (recorded.body.stream && reply.refuseStream) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { message: 'stream is not supported', type: 'invalid_request_error' },
        }),
      );
      return;
    }
    const toolCalls = reply.toolCalls?.map((c) => ({
      id: `call_${++callId}`,
      type: 'function',
      function: { name: c.name, arguments: JSON.stringify(c.arguments) },
    }));
    if (recorded.body.stream) {
      await streamReply(res, recorded, reply, toolCalls ?? []);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: `chatcmpl-${requests.length}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: recorded.body.model,
        choices: [
          {
            index: 0,
            message: reply.raw ?? {
              role: 'assistant',
              content: reply.content ?? null,
              ...(toolCalls?.length ? { tool_calls: toolCalls } : {}),
            },
            finish_reason: toolCalls?.length ? 'tool_calls' : 'stop',
          },
        ],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    script(replies) {
      if (typeof replies === 'function') {
        responder = replies;
      } else {
        responder = null;
        queue = [...replies];
      }
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type ToolCallOut = { id: string; type: string; function: { name: string; arguments: string } };

/** A scripted reply in the streaming protocol, chunk by chunk. */
async function streamReply(
  res: ServerResponse,
  recorded: RecordedRequest,
  reply: ScriptedReply,
  toolCalls: ToolCallOut[],
) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const id = `chatcmpl-stream-${Date.now()}`;
  const send = (delta: unknown, finish: string | null = null) =>
    res.write(
      `data: ${JSON.stringify({
        id,
        object: 'chat.completion.chunk',
        created: Math.floor(Date.now() / 1000),
        model: recorded.body.model,
        choices: [{ index: 0, delta, finish_reason: finish }],
      })}\n\n`,
    );
  if (reply.raw !== undefined) {
    send(reply.raw);
  } else {
    send({ role: 'assistant', content: '' });
    const words = reply.content?.match(/\s*\S+/g) ?? [];
    for (const [i, word] of words.entries()) {
      if (i === reply.holdAfter) await reply.release;
      if (res.destroyed) return;
      send({ content: word });
    }
    for (const [index, call] of toolCalls.entries()) {
      send({
        tool_calls: [
          {
            index,
            id: call.id,
            type: 'function',
            function: { name: call.function.name, arguments: '' },
          },
        ],
      });
      // The arguments in three pieces, cut anywhere, as a real model's tokens are.
      const args = call.function.arguments;
      const cut = [0, Math.floor(args.length / 3), Math.floor((2 * args.length) / 3), args.length];
      for (let p = 0; p < 3; p++) {
        send({ tool_calls: [{ index, function: { arguments: args.slice(cut[p], cut[p + 1]) } }] });
      }
    }
    send({}, toolCalls.length ? 'tool_calls' : 'stop');
  }
  res.end('data: [DONE]\n\n');
}
