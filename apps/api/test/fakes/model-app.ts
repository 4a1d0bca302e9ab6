import { afterAll, beforeAll, expect } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '@todo/agent/testing';
import { startTestApp, type TestApp, type TestUser } from '../helpers';

/** The API's LLM settings for a FAKE OpenAI-compatible server at `baseUrl`. */
export const fakeModelEnv = (baseUrl: string): Record<string, string> => ({
  OPENAI_API_KEY: 'sk-test-not-a-real-key',
  OPENAI_BASE_URL: baseUrl,
  OPENAI_MODEL: 'fake-model',
  // Generous, so a loaded machine never turns a scripted answer into a timeout; the timeout
  // itself is tested with its own app.
  LLM_TIMEOUT_MS: '60000',
  LLM_MAX_STEPS: '3',
});

export interface FakeModelApp {
  fake: FakeOpenAI;
  t: TestApp;
}

/**
 * For one test file: a FAKE OpenAI-compatible server and an API app in LLM mode that uses it,
 * started before the file's tests and stopped after. The fields are set once `beforeAll` ran.
 */
export function useFakeModelApp(env: Record<string, string> = {}): FakeModelApp {
  const ctx = {} as FakeModelApp;
  beforeAll(async () => {
    ctx.fake = await startFakeOpenAI();
    ctx.t = await startTestApp({ ...fakeModelEnv(ctx.fake.baseUrl), ...env });
  });
  afterAll(async () => {
    await ctx.t?.close();
    await ctx.fake?.close();
  });
  return ctx;
}

export interface SseEvent {
  event: string;
  data: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** The events of a complete server-sent-events body. */
export function parseSse(body: string): SseEvent[] {
  return body
    .split('\n\n')
    .filter(Boolean)
    .map((block) => ({
      event: /^event: (.*)$/m.exec(block)![1]!,
      data: JSON.parse(/^data: (.*)$/m.exec(block)![1]!),
    }));
}

/** The chat and task calls a test makes as `user`. */
export function chatClient(user: () => TestUser) {
  return {
    async chat(message: string, conversationId?: string) {
      const res = await user().request({
        method: 'POST',
        url: '/api/chat',
        payload: { message, conversationId },
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    },
    async stream(message: string, conversationId?: string) {
      const res = await user().request({
        method: 'POST',
        url: '/api/chat',
        headers: { accept: 'text/event-stream' },
        payload: { message, conversationId },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
      return parseSse(res.body);
    },
    async tasks() {
      const res = await user().request({ method: 'GET', url: '/api/tasks?status=all' });
      return res.json().items as {
        id: number;
        title: string;
        tags: string[];
        priority: string;
        completed: boolean;
      }[];
    },
  };
}
