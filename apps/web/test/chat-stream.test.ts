import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@todo/db';
import { startFakeOpenAI, type FakeOpenAI } from '@todo/agent/testing';
import { apiDatabaseUrl, newContext, newUser, taskTitles, useBrowserStack } from './browser';

// With a model configured, its reply streams into the chat as it is generated (issue 16).
// The model is a FAKE OpenAI-compatible server speaking the streaming protocol; the test holds
// its stream open after the first words and releases it only once the page shows them.
let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
useBrowserStack({
  apiEnv: () => ({
    OPENAI_API_KEY: 'sk-test-not-a-real-key',
    OPENAI_BASE_URL: fake.baseUrl,
    OPENAI_MODEL: 'fake-model',
    LLM_TIMEOUT_MS: '300000',
  }),
});
afterAll(async () => {
  await fake?.close();
});

describe('the chat with a model', () => {
  it('shows the first words of the reply before the model has finished it', async () => {
    const context = await newContext({ viewport: { width: 1280, height: 800 } });
    const page = await newUser(context, 'streaming@example.com');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    fake.script([
      { toolCalls: [{ name: 'add_task', arguments: { title: 'Buy stamps' } }] },
      {
        content: 'Added Buy stamps. Also on your list:\n- water the plants\n- call mom',
        holdAfter: 3,
        release: gate,
      },
    ]);
    await page.getByLabel('Message the assistant').fill('add buy stamps');
    await page.getByRole('button', { name: 'Send' }).click();

    const reply = page.locator('.message.assistant').last();
    await expect.poll(() => reply.locator('p').first().innerText()).toBe('Added Buy stamps.');
    // The tool card is there as the tool ran; the rest of the reply is not, until released.
    await expect.poll(() => reply.locator('.tool-card').innerText()).toMatch(/Added #1 Buy stamps/);
    expect(await reply.innerText()).not.toMatch(/call mom/);
    expect(await reply.getAttribute('aria-busy')).toBe('true');

    release();
    // Once whole, the reply's list renders as a list.
    await expect
      .poll(() => reply.locator('ol li').allInnerTexts())
      .toEqual(['water the plants', 'call mom']);
    expect(await reply.getAttribute('aria-busy')).toBeNull();
    await expect.poll(() => taskTitles(page)).toEqual(['Buy stamps']);

    // A turn whose record cannot be stored (a trigger refuses its messages) saves nothing:
    // the tool card that was shown goes away and the message is back in the box.
    const database = await createDb({ databaseUrl: apiDatabaseUrl() });
    try {
      await database.db.execute(`CREATE FUNCTION fail_message_save() RETURNS trigger
        LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$`);
      await database.db.execute(`CREATE TRIGGER fail_message_save BEFORE INSERT ON messages
        FOR EACH ROW EXECUTE FUNCTION fail_message_save()`);
      fake.script([
        { toolCalls: [{ name: 'add_task', arguments: { title: 'Post the letter' } }] },
        { content: 'Added Post the letter.' },
      ]);
      await page.getByLabel('Message the assistant').fill('add post the letter');
      await page.getByRole('button', { name: 'Send' }).click();
      await expect
        .poll(() => page.locator('.chat .notice.error').innerText())
        .toMatch(/nothing from this message was saved/);
      expect(await page.locator('.tool-card').allInnerTexts()).toEqual([
        expect.stringMatching(/Added #1 Buy stamps/),
      ]);
      expect(await page.getByLabel('Message the assistant').inputValue()).toBe(
        'add post the letter',
      );
      await page.reload();
      await expect.poll(() => taskTitles(page)).toEqual(['Buy stamps']);
    } finally {
      await database.db.execute('DROP TRIGGER IF EXISTS fail_message_save ON messages');
      await database.close();
    }
    await context.close();
  });
});
