import type { Task } from '@todo/contracts';
import { parseTaskText, taskVerbOf, taskVerbs } from '@todo/language';
import { describeTask } from '../format';
import { perform } from '../act';
import { resolve } from '../resolve';
import {
  done,
  emptyMemory,
  type Intent,
  type Patch,
  type TurnInput,
  type TurnResult,
} from '../turn';

/** Adding tasks: with a verb or without, one item or a list, attributes read by @todo/language. */

// preface, then a modal ("can u", "i want to", "let's"), then the verb or an obligation
// ("gotta", "i need to", "i'm going to"), then the task.
export const addTrigger =
  /^(?:(?:please|pls|ok|okay|hey|also|and|so)\s+)*(?:(?:can|could|would|will)\s+(?:you|u|ya)\s+|(?:i\s+)?(?:want|wanna|would like|'d like|d like)\s+(?:you\s+)?(?:to\s+)?|let'?s\s+)?(?:please\s+)?(?:add|create|new|make a|put|insert|schedule|(?:jot|note) down(?=\s*:)|(?:stick|pop|jot down|jot|write down|throw)(?=.*\b(?:on|onto|to|in)\s+(?:my|the)\s+(?:to-?do\s+)?list\b)|remind me(?!\s+what)(?:\s+to)?|remember to|don't forget to|dont forget to|do not forget to|note to self:?|(?:i|i'm|im|i am|we|we're)\s+(?:must|should|going to|gonna)|(?:(?:i|i've|ive|we|we've)\s+)?(?:need to|have to|gotta|got to)|todo:?|to-do:?|task:|reminder:?)(?:\s+|:\s*|$)(.*)$/s;

const listLine = /^\s*(?:[-*•]|\d+[.)])\s+/;

const fillerTitle =
  /^(?:later|maybe|perhaps|soon|sometime|some time|now|again|then|please|thanks|ok|okay|yes|no|it|that|this|something|anything)[.!]*$/i;

/** The message after the add verb, in the user's own capitalisation. */
function afterVerb(message: string, rest: string): string {
  const original = message
    .replace(/[ \t]+/g, ' ')
    .trim()
    .replace(/[.!?]+$/, '');
  return original.slice(Math.max(0, original.length - rest.length)).trim();
}

/** "eggs, bread and butter", a dashed or numbered list: several tasks in one message. */
export function splitItems(text: string): string[] {
  const lines = text
    .split(/\n+/)
    .map((l) => l.trim())
    .filter(Boolean);
  const listed = lines.filter((l) => listLine.test(l));
  if (listed.length >= 2 || (lines.length > 1 && listed.length >= 1)) {
    return lines.filter((l) => listLine.test(l)).map((l) => l.replace(listLine, '').trim());
  }
  if (lines.length > 1) return lines;
  // "1) call bank 2) cancel card" on one line
  const inline = text.split(/(?:^|\s+)\d+[.)]\s+/).map((p) => p.trim());
  if (inline.length >= 3 && !inline[0] && inline.slice(1).every(Boolean)) return inline.slice(1);
  // Commas separate items only when there is no description dash and every part is short.
  if (/[,;]/.test(text) && !/\s[-–—]\s|\bnotes?:/i.test(text)) {
    const parts = text
      .split(/\s*[,;]\s*(?:and\s+|&\s+)?|\s+(?:and|&)\s+(?=[^,]*$)/i)
      .map((p) => p.trim())
      .filter(Boolean);
    const real = (p: string) => parseTaskText(p, { now: new Date(0), timeZone: 'UTC' }).title;
    if (parts.length >= 2 && parts.every((p) => p.split(/\s+/).length <= 4 && real(p)))
      return parts;
  }
  return [text];
}

export async function addTasks(text: string, input: TurnInput): Promise<TurnResult> {
  // The user's tags only matter for "… for work"; most adds need no read.
  const knownTags = /\bfor\s/i.test(text) ? await input.tools.tags() : [];
  const items = splitItems(text);
  const added: Task[] = [];
  const problems: string[] = [];
  // One shared tail ("… tomorrow #home") applies to every item of a comma list.
  for (const item of items) {
    const cleaned = item
      .replace(
        /^(?:to|on|onto)\s+(?:my|the)\s+(?:to-?do\s+)?(?:list|tasks|todos)\s*(?::\s*|\s+)/i,
        '',
      )
      .replace(/^(?:remember|not forget)\s+to\s+/i, '')
      .replace(/\s+(?:to|on|onto|in)\s+(?:my|the)\s+(?:to-?do\s+)?(?:list|tasks|todos)\b/i, '')
      .replace(
        /^(?:a|an|new)\s+(?:task|todo|to-do|reminder|item)\b\s*(?:to|:|called|named|for|that says)?\s*/i,
        '',
      )
      .replace(/^(?:task|todo|to-do|reminder|item)\b\s*(?::|to|called|named)?\s*/i, '')
      .replace(/^(?:these|this|the following|following)\s*:\s*/i, '')
      .replace(/^(?:to|:)\s+/i, '')
      // Emoji at either end decorate the message ("add "Call Dr. Smith" 📞"): not the title.
      .replace(
        /^[\s\p{Extended_Pictographic}\u{FE0F}\u{200D}]+|[\s\p{Extended_Pictographic}\u{FE0F}\u{200D}]+$/gu,
        '',
      );
    const parsed = parseTaskText(cleaned, { now: input.now, timeZone: input.timeZone, knownTags });
    let title = parsed.title
      .replace(
        /^(?:a|an|new)\s+(?:task|todo|to-do|reminder|item)\s*(?:to|:|called|named|for|that says)?\s+/i,
        '',
      )
      .replace(/^./, (c) => c.toUpperCase());
    // "add a note: buy more tea": nothing before the note, so the note is what to do.
    const noteOnly = parsed.description && /^(?:a|an|the|new|some)?$/i.test(title);
    if (noteOnly) title = parsed.description!.replace(/^./, (c) => c.toUpperCase());
    // "remind me later", "tomorrow maybe": words that say when or how sure, not what to do.
    if (!title || fillerTitle.test(title)) continue;
    const args: Record<string, unknown> = { title };
    if (parsed.description && !noteOnly) args.description = parsed.description;
    if (parsed.priority) args.priority = parsed.priority;
    if (parsed.dueAt) args.dueAt = parsed.dueAt;
    if (parsed.tags.length) args.tags = parsed.tags;
    if (parsed.recurrence) args.recurrence = parsed.recurrence;
    const r = await input.tools.call('add_task', args);
    if (r.ok) added.push(r.result as Task);
    else problems.push((r.result as { error: string }).error);
  }
  if (!added.length) {
    return done(
      problems.length
        ? `I couldn't add that: ${problems[0]}.`
        : 'What should the task say? For example: “add buy milk tomorrow”.',
    );
  }
  const memory = { ...(input.memory ?? emptyMemory()), focus: added.map((t) => t.id) };
  const lines = added.map((t) => describeTask(t, input.now, input.timeZone));
  const reply =
    added.length === 1
      ? `Added ${lines[0]}.`
      : `Added ${added.length} tasks:\n${lines.map((l, i) => `${i + 1}. ${l}`).join('\n')}`;
  return { ...done(reply), memory };
}

export const addIntent: Intent = async (text, input) => {
  const m = addTrigger.exec(text);
  if (!m) return null;
  // The verb found in the user's own text when it is there, so typo corrections elsewhere in
  // the message never shift where the title starts.
  const own = addTrigger.exec(
    input.message.replace(/[’‘]/g, "'").replace(/\s+/g, ' ').trim().toLowerCase(),
  );
  return addTasks(afterVerb(input.message, own ? own[1]! : m[1]!), input);
};

const notATask =
  /^(?:ugh+|meh|argh+|yay|woo+|brb|never ?mind|nvm|forget it|whatever|hiya|howdy|sup|wassup|yo|morning|evening|gm|gn|ty|ta|welp|ah+|aha|omg|huh|um+|uh+|oh+|ahoy|greetings|both|all of them|them|those|these|(?:high|low|medium|normal|urgent|important)(?:\s+priority)?$|mark\s+(?:it|that|this|as|done|complete)\b|not|stop$|forget|all done|hold on|the other|wrong|neither|none|nothing|nah|never)\b|^(?:i|i'm|im|you|you're|we|it|it's|this|that|what|why|how|who|where|when|is|are|can|could|would|do|does|did|tell|thanks|thank|hello|hi|hey|ok|okay|yes|no|lol|haha|good|great|nice|cool|sorry|please|sounds|got it|perfect|awesome|alright|sure|fine|wow|hmm+|oops|nope|yep|yeah|bye|goodbye|cheers|whatever|same|agreed|exactly|indeed|right|true|k|kk|np)\b/;

/**
 * A task without a verb ("milk tomorrow", "dentist friday 3pm #health"): a short phrase, or
 * one with a date, tag, priority or list shape. Sentences about anything else are not tasks.
 */
/** Words that command a change: a message holding one is a request that was not understood. */
const changeCommand =
  /\b(?:reopen|re-open|rename|retitle|reschedule|postpone|untag|undo|unmark|uncomplete|un-complete|deprioriti[sz]e|prioriti[sz]e)\b/;

export const bareAddIntent: Intent = async (text, input) => {
  // "take milk off my list", "cross the plumber off the list": about a task there, never a new one.
  if (/\b(?:off|from)\s+(?:my|the)\s+(?:to-?do\s+)?(?:list|tasks|todos)\b/.test(text)) {
    return done(
      'Do you want me to delete that task or mark it done? Say “delete …” or “done with …”; nothing was changed.',
    );
  }
  // A question is asked, not added ("tasks left?"): the normalised text has lost its "?".
  if (notATask.test(text) || /\?\s*$/.test(input.message) || changeCommand.test(text)) return null;
  // "just called mom", "bought milk": a statement that something happened is never a new task.
  const said = text.replace(/^(?:just|already|finally|also)\s+/, '').split(/\s+/);
  // ... or, in a few words, ends with one ("report submitted").
  if (
    taskVerbOf(said[0]!) ||
    (said.length <= 4 && /ed$/.test(said.at(-1)!) && taskVerbOf(said.at(-1)!))
  ) {
    return done(
      `I couldn't find an open task for “${text}”, so nothing was changed. Say “show my tasks” to see them, or “add …” to add one.`,
    );
  }
  // "the taxes", "my report", "report is due": a reference to a task of the list (or a statement
  // about one), not a new task.
  const about = /^(.+?)\s+(?:is|are|was|were)\s/.exec(text);
  if ((/^(?:the|that|this|my)\s/.test(text) || about) && text.length <= 100) {
    const found = await resolve(about ? about[1]! : text, 'update', input);
    if (found.kind === 'one') {
      return {
        ...done(
          `${describeTask(found.task, input.now, input.timeZone)}: what should I do with it? For example “done”, “move it to friday” or “make it urgent”.`,
        ),
        memory: { ...(input.memory ?? emptyMemory()), focus: [found.task.id] },
      };
    }
  }
  const lines = input.message.split('\n').filter((l) => l.trim());
  if (lines.length > 1 && lines.some((l) => listLine.test(l)))
    return addTasks(input.message, input);
  const parsed = parseTaskText(input.message, { now: input.now, timeZone: input.timeZone });
  const hasAttribute = parsed.dueAt || parsed.tags.length || parsed.priority || parsed.recurrence;
  // "call mom tomorrow" with "Call mom" on the list: that task, with what the words add to it
  // (an explicit "add" still adds a second one).
  const same =
    parsed.title &&
    splitItems(input.message).length === 1 &&
    (await input.tools.tasks()).find(
      (t) => !t.completed && t.title.toLowerCase() === parsed.title.toLowerCase(),
    );
  if (same) {
    if (!hasAttribute) {
      return {
        ...done(
          `${describeTask(same, input.now, input.timeZone)} is already on your list: what should I do with it? For example “done”, “move it to friday” or “make it urgent”.`,
        ),
        memory: { ...(input.memory ?? emptyMemory()), focus: [same.id] },
      };
    }
    const patch: Patch = {};
    if (parsed.dueAt) patch.dueAt = parsed.dueAt;
    if (parsed.priority) patch.priority = parsed.priority;
    if (parsed.tags.length) patch.addTags = parsed.tags;
    if (parsed.recurrence) patch.recurrence = parsed.recurrence;
    const r = await perform('update', same, patch, input);
    return { ...r, reply: `That task is already on your list, so I changed it. ${r.reply}` };
  }
  const words = text.split(/\s+/).length;
  const wordLike = text
    .split(/\s+/)
    .every((w) => /[aeiouy]/.test(w) && !/[^aeiouy\W\d]{5}/.test(w));
  // A phrase opening with a task verb ("pick up dry cleaning") may be longer than a noun phrase.
  const verbFirst = taskVerbs.has(text.split(/\s+/)[0]!) && words <= 10;
  if (
    !parsed.title ||
    (!hasAttribute && ((words > 3 && !verbFirst) || !wordLike || !/^[\p{L}]/u.test(text)))
  )
    return null;
  return addTasks(input.message.trim().replace(/[.!]+$/, ''), input);
};
