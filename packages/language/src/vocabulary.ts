/**
 * The words the engine acts on, in one place. Date and command words are recognised with
 * typos ("tomorow", "compelte"); the words that delete are recognised only exactly, so a typo
 * can never destroy data (a misspelt "delte" is not understood and the engine asks).
 */

export const weekdays = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
] as const;

/** Abbreviations that are not also common words; "sun", "sat" and "wed" need "on"/"next"… */
export const weekdayAbbreviations: Record<string, number> = {
  mon: 1,
  tue: 2,
  tues: 2,
  thu: 4,
  thur: 4,
  thurs: 4,
  fri: 5,
  wed: 3,
  sat: 6,
  sun: 0,
};
export const ambiguousWeekdayAbbreviations = new Set(['wed', 'sat', 'sun']);

export const months = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
] as const;
export const monthAbbreviations: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

export const numberWords: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  couple: 2,
  few: 3,
};

export const ordinalWords: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fifteenth: 15,
  twentieth: 20,
};

/** Words of dates and times, recognised within a small edit distance. */
export const dateWords = new Set<string>([
  ...weekdays,
  ...weekdays.map((d) => `${d}s`),
  ...months,
  'today',
  'tonight',
  'tomorrow',
  'yesterday',
  'morning',
  'afternoon',
  'evening',
  'night',
  'noon',
  'midday',
  'midnight',
  'week',
  'weeks',
  'days',
  'weekend',
  'weekday',
  'weekdays',
  'month',
  'months',
  'year',
  'minute',
  'minutes',
  'hour',
  'hours',
  'fortnight',
  'every',
  'daily',
  'weekly',
  'monthly',
  'yearly',
  'annually',
  'biweekly',
  'fortnightly',
  'next',
  'after',
  "o'clock",
]);

/** Verbs and nouns of commands that change nothing irreversibly, recognised with typos. */
export const commandWords = new Set<string>([
  'add',
  'create',
  'remind',
  'complete',
  'completed',
  'finish',
  'finished',
  'done',
  'mark',
  'show',
  'list',
  'display',
  'search',
  'find',
  'rename',
  'reschedule',
  // Exact, so it is never "corrected" to reschedule: "schedule a call" adds a task.
  'schedule',
  'postpone',
  'move',
  'push',
  'change',
  'update',
  'priority',
  'prioritise',
  'prioritize',
  'deprioritise',
  'deprioritize',
  'high',
  'reopen',
  'undo',
  'untag',
  'label',
  'tagged',
  'urgent',
  'important',
  'overdue',
  'pending',
  'tasks',
  'everything',
  'deadline',
]);

/**
 * Every word that means "delete a task". One list for the offline engine, the LLM guardrail
 * and the confirmation rule. Matched exactly, never with typo tolerance.
 */
export const DELETE_WORDS = [
  'delete',
  'remove',
  'erase',
  'trash',
  'scrap',
  'drop',
  'cancel',
  'forget',
  'clear',
  'wipe',
  'purge',
  'discard',
  'ditch',
  'nuke',
  'destroy',
  'bin',
  'get rid of',
  'throw away',
  'throw out',
] as const;

/**
 * Verbs a task usually starts with ("pick up dry cleaning", "email the landlord about rent"): a
 * message opening with one reads as a task even without "add" and with more than a few words.
 */
export const taskVerbs = new Set(
  (
    'buy get pick grab order book call ring phone text email message ping reply write send post mail ' +
    'pay renew return collect fetch bring take make cook bake clean tidy wash vacuum ' +
    'hoover sweep mop dust fix repair replace install paint water feed walk mow plant prune file ' +
    'submit print sign scan read review check prepare plan organise organize sort finish start ' +
    'update backup back visit see meet schedule arrange confirm invite ask tell remind thank ' +
    'research learn study practice practise pack unpack move charge empty wrap ship ' +
    'iron fold change refill top shop'
  ).split(' '),
);

export const allWords = new Set<string>([...dateWords, ...commandWords]);

/** Past forms of task verbs that do not end in "-ed": "I bought the milk" is "buy milk", done. */
const irregularPast: Record<string, string> = {
  bought: 'buy',
  paid: 'pay',
  sent: 'send',
  wrote: 'write',
  written: 'write',
  got: 'get',
  gotten: 'get',
  took: 'take',
  taken: 'take',
  made: 'make',
  rang: 'ring',
  rung: 'ring',
  fed: 'feed',
  swept: 'sweep',
  brought: 'bring',
  read: 'read',
  met: 'meet',
  told: 'tell',
  saw: 'see',
  seen: 'see',
  did: 'do',
  done: 'do',
  mown: 'mow',
  drove: 'drive',
  driven: 'drive',
  put: 'put',
  sold: 'sell',
  found: 'find',
  ate: 'eat',
  eaten: 'eat',
  went: 'go',
  gone: 'go',
  hung: 'hang',
  sewn: 'sew',
  spoke: 'speak',
  spoken: 'speak',
  gave: 'give',
  given: 'give',
  threw: 'throw',
  thrown: 'throw',
  shopped: 'shop',
};

/**
 * The task verb a past form comes from ("called" → "call", "emailed" → "email", "tidied" →
 * "tidy", "bought" → "buy"), or null when the word is no past form of a task verb.
 */
export function taskVerbOf(word: string): string | null {
  const irregular = irregularPast[word];
  if (irregular && irregular !== word) return irregular;
  if (!/ed$/.test(word) || word.length < 5) return null;
  const stem = word.slice(0, -2);
  const candidates = [
    stem, // called → call
    `${stem}e`, // filed → file (stem "fil")
    word.slice(0, -1), // changed → change
    stem.replace(/i$/, 'y'), // tidied → tidy
    stem.replace(/(.)\1$/, '$1'), // mopped → mop
  ];
  return candidates.find((c) => taskVerbs.has(c)) ?? null;
}
