import { correctCommands } from '@todo/language';

/** Text as the engine compares it: lower case, plain quotes, single spaces, word stems. */

const stopWords = new Set(
  "a an the my me i i'm im i've ive one ones thing things task tasks todo todos item items that this those these it its about with for to of on in and or please just already now finally all of from".split(
    ' ',
  ),
);

/**
 * Words people open a request with that change nothing of its meaning: "actually make it
 * urgent", "oh and the taxes too", "ok so show my tasks". Only stripped when a request follows.
 */
const discourse =
  /^(?:(?:actually|oh|oops|um|umm|uh|hmm|well|ok|okay|so|and|also|hey|right|alright|wait|sorry|btw|then|now|pls|please)\b[\s,.!-]*)+(?=\S)/;

export function normalise(message: string): string {
  const text = correctCommands(message.toLowerCase())
    .replace(/[’‘]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[\p{Extended_Pictographic}\u{FE0F}\u{200D}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .replace(/[.!?]+$/, '')
    .trim()
    // "ad" is how "add" is mistyped; as a first word it is never anything else.
    .replace(/^ad\s/, 'add ');
  const stripped = text.replace(discourse, '');
  return stripped || text;
}

export const keywords = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s#-]/gu, ' ')
    .split(/\s+/)
    .map((w) => w.replace(/^#/, ''))
    .filter((w) => w && !stopWords.has(w))
    .map(stem);

function stem(word: string): string {
  return word.length > 4 && word.endsWith('ies')
    ? `${word.slice(0, -3)}y`
    : word.length > 3 && word.endsWith('s') && !word.endsWith('ss')
      ? word.slice(0, -1)
      : word;
}

/** The user's own capitalisation of a phrase found in the normalised text. */
export function originalCase(message: string, lowered: string): string {
  // Same length as the message, so an index found here is an index into the message.
  const comparable = message.toLowerCase().replace(/[’‘]/g, "'").replace(/[“”]/g, '"');
  const at = comparable.lastIndexOf(lowered);
  const text = at >= 0 ? message.slice(at, at + lowered.length) : lowered;
  return text.replace(/^["“]|["”]$/g, '').trim();
}
