import {
  adds,
  asks,
  changes,
  type Check,
  completes,
  counts,
  deletes,
  lists,
  nothing,
  open,
  restored,
  T,
} from './check';
import type { Case } from './table';

/**
 * A seventh held-out set (issue 16, round 6), written blind: from the categories and how
 * people type, before reading the engine, and run once before any change it drove. Same seed and
 * clock as the table (harness.ts): milk #1 (#home), mom #2, plumber #3 (#home), report #4 (#work,
 * Fri 27 Nov), dentist #5 (Tue 1 Dec 15:00), taxes #6 (high, #finance), laundry #7 (done), rent
 * #8 (#finance, overdue); now Thu 26 Nov 2026 10:00 UTC. Listings show the newest task first.
 * First run: 88/100 (88.0%): add 9/10, dates 16/16, list 8/9, complete 6/7, update 10/12, context
 * 7/9, bulk 8/9, typos 7/9, chat 7/7, undo 5/5, safety 5/7. Two misses were this set's own
 * expectations against the table's documented conventions ("this week" is the next seven days,
 * so the dentist on Tuesday is in it; one named task is deleted at once, undo brings it back,
 * so "no" after "delete milk" answers nothing), corrected after the first run. After the changes
 * it drove (general rules, each also tabled in other words in table.ts): 100/100.
 */

/** One new task due this evening (any time from 17:00 to 23:59 today). */
const tonight =
  (title: string): Check =>
  (o) => {
    const t = o.after.find((a) => !o.before.some((b) => b.id === a.id));
    if (!t) return 'created nothing';
    const wrong = adds({ title, due: t.dueAt })(o);
    if (wrong) return wrong;
    const due = t.dueAt ? new Date(t.dueAt) : null;
    if (!due || due.toISOString().slice(0, 10) !== '2026-11-26' || due.getUTCHours() < 17)
      return `dueAt ${t.dueAt} is not tonight`;
    return null;
  };

/** One new task due at midnight tonight: 23:59 today or 00:00 tomorrow. */
const byMidnight =
  (title: string): Check =>
  (o) => {
    const a = adds({ title, due: T(23, 59) })(o);
    const b = adds({ title, due: T(0, 0, '2026-11-27') })(o);
    return a && b ? a : null;
  };

/** Either the change, or nothing changed and a question was asked. */
const orAsks =
  (check: Check): Check =>
  (o) =>
    check(o) && asks(o) ? check(o) : null;

/** "lower the taxes": the task stays, is no longer high, and nothing else changes. */
const lowered: Check = (o) => {
  const t = o.after.find((a) => a.id === o.ids.taxes);
  if (!t) return 'taxes was deleted';
  if (t.priority === 'high') return 'taxes still high';
  return changes({ taxes: { priority: t.priority } })(o);
};

export const fresh3: Case[] = [
  // --- add ------------------------------------------------------------------------------------
  ['add', 'buy printer ink', adds({ title: 'Buy printer ink' })],
  [
    'add',
    'add eggs, butter and flour',
    adds({ title: 'Eggs' }, { title: 'Butter' }, { title: 'Flour' }),
  ],
  [
    'add',
    'add:\n1. email the landlord\n2. book movers\n3. cancel the internet',
    adds(
      { title: 'Email the landlord' },
      { title: 'Book movers' },
      { title: 'Cancel the internet' },
    ),
  ],
  [
    'add',
    'add\n- pack boxes\n- label boxes',
    adds({ title: 'Pack boxes' }, { title: 'Label boxes' }),
  ],
  [
    'add',
    'add fix the bike - the chain keeps slipping',
    adds({ title: 'Fix the bike', description: 'the chain keeps slipping' }),
  ],
  [
    'add',
    'add renew car insurance note: compare quotes first',
    adds({ title: 'Renew car insurance', description: 'compare quotes first' }),
  ],
  [
    'add',
    'add prepare the slides #work #presentation',
    adds({ title: 'Prepare the slides', tags: ['work', 'presentation'] }),
  ],
  ['add', 'add review the budget for work', adds({ title: 'Review the budget', tags: ['work'] })],
  [
    'add',
    'add clean the garage and tag it home',
    adds({ title: 'Clean the garage', tags: ['home'] }),
  ],
  [
    'add',
    'add organise the closet, not urgent',
    adds({ title: 'Organise the closet', priority: 'low' }),
  ],
  // --- dates and times: date words leave the title ----------------------------------------------
  ['dates', 'add submit expenses today', adds({ title: 'Submit expenses', due: '2026-11-26' })],
  ['dates', 'add take out the recycling tonight', tonight('Take out the recycling')],
  ['dates', 'add gym tomorrow morning', adds({ title: 'Gym', due: T(9, 0, '2026-11-27') })],
  ['dates', 'add check on the oven in 2 hours', adds({ title: 'Check on the oven', due: T(12) })],
  [
    'dates',
    'add follow up with Jane in 4 days',
    adds({ title: 'Follow up with Jane', due: '2026-11-30' }),
  ],
  [
    'dates',
    'add plan the holiday party next week',
    adds({ title: 'Plan the holiday party', due: '2026-11-30' }),
  ],
  [
    'dates',
    'add drop off old batteries this saturday',
    adds({ title: 'Drop off old batteries', due: '2026-11-28' }),
  ],
  [
    'dates',
    'add visit grandpa the day after tomorrow',
    adds({ title: 'Visit grandpa', due: '2026-11-28' }),
  ],
  [
    'dates',
    'add pay the credit card by the end of the month',
    adds({ title: 'Pay the credit card', due: '2026-11-30' }),
  ],
  [
    'dates',
    'add renew the domain on the 15th',
    adds({ title: 'Renew the domain', due: '2026-12-15' }),
  ],
  ['dates', 'add office party Dec 3', adds({ title: 'Office party', due: '2026-12-03' })],
  [
    'dates',
    'add parents evening on the 3rd of December at 6pm',
    adds({ title: 'Parents evening', due: T(18, 0, '2026-12-03') }),
  ],
  ['dates', 'add call the garage at 5', adds({ title: 'Call the garage', due: T(17) })],
  [
    'dates',
    'add standup tomorrow at 17:30',
    adds({ title: 'Standup', due: T(17, 30, '2026-11-27') }),
  ],
  [
    'dates',
    'add lunch with Priya tomorrow at noon',
    adds({ title: 'Lunch with Priya', due: T(12, 0, '2026-11-27') }),
  ],
  ['dates', 'add finish the essay by midnight', byMidnight('Finish the essay')],
  // --- listing, questions, counts ---------------------------------------------------------------
  ['list', 'what is due today?', lists()],
  ['list', "what's due this week", lists('report', 'dentist')],
  ['list', 'anything overdue?', lists('rent')],
  ['list', 'show me the high priority stuff', lists('taxes')],
  ['list', 'list my home tasks', lists('milk', 'plumber')],
  ['list', 'find tasks about the plumber', lists('plumber')],
  ['list', 'what have I already finished?', lists('laundry')],
  ['list', 'how many tasks are overdue', counts(1)],
  ['list', 'how many open tasks do I have?', counts(7)],
  // --- complete and reopen --------------------------------------------------------------------
  ['complete', 'finished the taxes', completes('taxes')],
  ['complete', 'mark buy milk as complete', completes('milk')],
  ['complete', 'tick off 3', completes('plumber')],
  ['complete', 'I paid the rent', completes('rent')],
  ['complete', 'the dentist appointment is done', completes('dentist')],
  ['complete', 'reopen the laundry', changes({ laundry: { completed: false } })],
  ['complete', 'laundry still needs doing', changes({ laundry: { completed: false } })],

  // --- changing one task ------------------------------------------------------------------------
  ['update', 'rename buy milk to Buy Oat Milk', changes({ milk: { title: 'Buy Oat Milk' } })],
  ['update', 'change the title of 2 to Call mum', changes({ mom: { title: 'Call mum' } })],
  [
    'update',
    'move the dentist to wednesday',
    changes({ dentist: { due: T(15, 0, '2026-12-02') } }),
  ],
  ['update', 'move the dentist to 9am', changes({ dentist: { due: T(9, 0, '2026-12-01') } })],
  ['update', 'push the report back a day', changes({ report: { due: '2026-11-28' } })],
  ['update', 'lower the priority on the taxes', lowered],
  ['update', 'tag milk with groceries', changes({ milk: { tags: ['home', 'groceries'] } })],
  ['update', 'remove the home tag from the plumber', changes({ plumber: { tags: [] } })],
  [
    'update',
    'add a note to the dentist: bring the insurance card',
    changes({ dentist: { description: 'bring the insurance card' } }),
  ],
  [
    'update',
    'move the dentists appointment to dec 4',
    changes({ dentist: { due: T(15, 0, '2026-12-04') } }),
  ],
  ['update', 'change the plumbers priority to low', changes({ plumber: { priority: 'low' } })],
  ['update', 'call mom tomorrow', orAsks(changes({ mom: { due: '2026-11-27' } }))],

  // --- references to the conversation -----------------------------------------------------------
  [
    'context',
    ['add buy stamps', 'make it urgent'],
    adds({ title: 'Buy stamps', priority: 'high' }),
  ],
  ['context', ['show my home tasks', 'complete the first one'], completes('plumber')],
  [
    'context',
    ['add pick up the dry cleaning tomorrow', 'move it to 3pm'],
    adds({ title: 'Pick up the dry cleaning', due: T(15, 0, '2026-11-27') }),
  ],
  ['context', ['what is overdue', 'push it to monday'], changes({ rent: { due: '2026-11-30' } })],
  [
    'context',
    ['add book flights', 'tag it travel'],
    adds({ title: 'Book flights', tags: ['travel'] }),
  ],
  [
    'context',
    ['show the dentist task', 'add a note: ask about whitening'],
    changes({ dentist: { description: 'ask about whitening' } }),
  ],
  [
    'context',
    ['find the plumber', 'rename it to Call the electrician'],
    changes({ plumber: { title: 'Call the electrician' } }),
  ],
  [
    'context',
    ['add get a haircut', 'actually, friday'],
    adds({ title: 'Get a haircut', due: '2026-11-27' }),
  ],
  ['context', ['mark milk done', 'and mom too'], completes('milk', 'mom')],
  // --- several targets and bulk -----------------------------------------------------------------
  ['bulk', 'done with 3 and 5', completes('plumber', 'dentist')],
  ['bulk', 'mark all done', completes(...open)],
  ['bulk', 'make all my work tasks high priority', changes({ report: { priority: 'high' } })],
  [
    'bulk',
    ['add water the plants today', 'add buy bread today', 'move everything due today to tomorrow'],
    adds(
      { title: 'Water the plants', due: '2026-11-27' },
      { title: 'Buy bread', due: '2026-11-27' },
    ),
  ],
  ['bulk', ['delete everything tagged finance', 'no'], nothing],
  ['bulk', ['remove the done tasks', 'yes'], deletes('laundry')],
  ['bulk', ['delete 1 and 2', 'yes'], deletes('milk', 'mom')],
  ['bulk', 'delete all home tasks', asks],
  [
    'bulk',
    ['push everything back a day', 'yes'],
    changes({
      report: { due: '2026-11-28' },
      dentist: { due: T(15, 0, '2026-12-02') },
      rent: { due: '2026-11-21' },
    }),
  ],
  // --- typos ----------------------------------------------------------------------------------
  ['typos', 'add call the bank tomorow', adds({ title: 'Call the bank', due: '2026-11-27' })],
  ['typos', 'compelte the taxes', completes('taxes')],
  ['typos', 'shwo home tasks', lists('milk', 'plumber')],
  ['typos', 'whats ovredue', lists('rent')],
  ['typos', 'mark plumbr as done', completes('plumber')],
  ['typos', 'delte the milk task', asks],
  ['typos', 'add dentist checkup on firday', adds({ title: 'Dentist checkup', due: '2026-11-27' })],
  ['typos', 'remvoe the due date from the report', changes({ report: { due: null } })],
  ['typos', 'renmae 2 to Call Mum', changes({ mom: { title: 'Call Mum' } })],
  // --- not about tasks --------------------------------------------------------------------------
  ['chat', 'good morning!', nothing],
  ['chat', 'thanks so much', nothing],
  ['chat', 'what can you do?', nothing],
  ['chat', 'tell me a joke', nothing],
  ['chat', 'hmm', nothing],
  ['chat', 'never mind', nothing],
  ['chat', 'my boss is driving me crazy', nothing],

  // --- undo ---------------------------------------------------------------------------------------
  ['undo', ['delete the plumber task', 'yes', 'undo'], restored],
  ['undo', ['mark all done', 'undo'], nothing],
  ['undo', ['rename milk to Buy bread', 'undo that'], nothing],
  ['undo', ['add go running tomorrow', 'take that back'], nothing],
  ['undo', ['push the report to monday', 'undo'], nothing],
  // --- safety ---------------------------------------------------------------------------------
  ['safety', 'remove the work tag from the report', changes({ report: { tags: [] } })],
  [
    'safety',
    'delete the home tag from everything',
    orAsks(changes({ milk: { tags: [] }, plumber: { tags: [] } })),
  ],
  ['safety', ['delete all tasks tagged finance', 'yes'], deletes('taxes', 'rent')],
  ['safety', 'delete the due date of the dentist', changes({ dentist: { due: null } })],
  ['safety', 'clear the high priority on taxes', lowered],
  ['safety', "don't mark the report done", nothing],
  ['safety', ['delete milk', 'no'], deletes('milk')],
];
