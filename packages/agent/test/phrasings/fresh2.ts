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
 * A sixth held-out set (issue 16, round 5), written from the text and how people type
 * before reading the engine for it, and run once before any change it drove. Same seed and clock
 * as the table (harness.ts): milk #1 (#home), mom #2, plumber #3 (#home), report #4 (#work, Fri
 * 27 Nov), dentist #5 (Tue 1 Dec 15:00), taxes #6 (high, #finance), laundry #7 (done), rent #8
 * (#finance, overdue); now Thu 26 Nov 2026 10:00 UTC. Listings show the newest task first.
 * First run: 91/114 (79.8%): add 11/11, dates 12/12, list 9/12 (75%), complete 5/7 (71%), update
 * 11/17 (65%), context 6/12 (50%), bulk 11/11, typos 7/9 (78%), chat 7/8 (88%), undo 5/5, safety
 * 7/10 (70%). Ten of the 23 misses created a task nobody asked for ("tasks left?", "hiya", "taxes
 * due friday", "the second one" after a listing, ...): a verbless add read too eagerly. Three
 * misses were this set's own expectations against the table's documented conventions (a rename
 * keeps the user's case; a misspelt delete word deletes nothing), corrected after the first run.
 * After the changes it drove: 114/114.
 */

/** "remove urgent from X": the task stays, is no longer high, and nothing else changes. */
const notHigh: Check = (o) => {
  const t = o.after.find((a) => a.id === o.ids.taxes);
  if (!t) return 'taxes was deleted';
  if (t.priority === 'high') return 'taxes still high';
  return changes({ taxes: { priority: t.priority } })(o);
};

export const fresh2: Case[] = [
  // --- add, with and without a verb ---------------------------------------------------------
  [
    'add',
    'add renew gym membership, low priority',
    adds({ title: 'Renew gym membership', priority: 'low' }),
  ],
  [
    'add',
    'add buy batteries #errands !high',
    adds({ title: 'Buy batteries', tags: ['errands'], priority: 'high' }),
  ],
  [
    'add',
    'I have to book a vet appointment for the cat',
    adds({ title: 'Book a vet appointment for the cat' }),
  ],
  [
    'add',
    'add these: hang the picture, fix the tap, sweep the porch',
    adds({ title: 'Hang the picture' }, { title: 'Fix the tap' }, { title: 'Sweep the porch' }),
  ],
  [
    'add',
    'add call the insurance company - ask about claim 4471',
    adds({ title: 'Call the insurance company', description: 'ask about claim 4471' }),
  ],
  ['add', 'remember to bring the camera', adds({ title: 'Bring the camera' })],
  [
    'add',
    'new task: send invoice to ACME for work',
    adds({ title: 'Send invoice to ACME', tags: ['work'] }),
  ],
  [
    'add',
    'add\n* buy tape\n* wrap presents',
    adds({ title: 'Buy tape' }, { title: 'Wrap presents' }),
  ],
  ['add', 'put "clean the gutters" on the list', adds({ title: 'Clean the gutters' })],
  [
    'add',
    'add book a table for friday, asap',
    adds({ title: 'Book a table', due: '2026-11-27', priority: 'high' }),
  ],
  ['add', 'could you add pay the babysitter please', adds({ title: 'Pay the babysitter' })],

  // --- dates and times ------------------------------------------------------------------------
  [
    'dates',
    'add submit timesheet friday 5pm',
    adds({ title: 'Submit timesheet', due: T(17, 0, '2026-11-27') }),
  ],
  [
    'dates',
    'add call grandma sunday morning',
    adds({ title: 'Call grandma', due: T(9, 0, '2026-11-29') }),
  ],
  [
    'dates',
    'add return library books in 3 days',
    adds({ title: 'Return library books', due: '2026-11-29' }),
  ],
  [
    'dates',
    'add pay the water bill by the 15th',
    adds({ title: 'Pay the water bill', due: '2026-12-15' }),
  ],
  [
    'dates',
    'add team lunch on 4 December at 12:30',
    adds({ title: 'Team lunch', due: T(12, 30, '2026-12-04') }),
  ],
  ['dates', 'add pick up the kids at 3:15', adds({ title: 'Pick up the kids', due: T(15, 15) })],
  ['dates', 'add renew passport in 2 weeks', adds({ title: 'Renew passport', due: '2026-12-10' })],
  ['dates', 'add yoga tomorrow evening', adds({ title: 'Yoga', due: T(19, 0, '2026-11-27') })],
  ['dates', 'add put the bins out tonight 8pm', adds({ title: 'Put the bins out', due: T(20) })],
  [
    'dates',
    'add haircut next thursday 11am',
    adds({ title: 'Haircut', due: T(11, 0, '2026-12-03') }),
  ],
  [
    'dates',
    'add send christmas cards by dec 18th',
    adds({ title: 'Send christmas cards', due: '2026-12-18' }),
  ],
  [
    'dates',
    'add dinner with the Smiths saturday at 7',
    adds({ title: 'Dinner with the Smiths', due: T(19, 0, '2026-11-28') }),
  ],

  // --- listing, questions, counts ---------------------------------------------------------------
  ['list', 'what have I got on today', lists()],
  ['list', 'am I late on anything', lists('rent')],
  ['list', 'show me my finance stuff', lists('taxes', 'rent')],
  ['list', 'anything to do with the car?', lists()],
  ['list', 'which ones did I complete', lists('laundry')],
  ['list', 'how many things do I still have to do', counts(7)],
  ['list', 'tasks left?', counts(7)],
  ['list', 'number of overdue tasks', counts(1)],
  ['list', 'whats happening next week', lists('dentist')],
  ['list', 'show low priority tasks', lists()],
  ['list', 'how many work tasks do i have', counts(1)],
  ['list', 'do I have to call anyone', lists('mom', 'plumber')],

  // --- complete and reopen --------------------------------------------------------------------
  ['complete', 'just called mom', completes('mom')],
  ['complete', 'report is done', completes('report')],
  ['complete', 'check off buy milk', completes('milk')],
  ['complete', 'mark 6 done', completes('taxes')],
  ['complete', 'laundry isnt done actually, reopen it', changes({ laundry: { completed: false } })],
  ['complete', 'mark the dentist thing as finished', completes('dentist')],
  ['complete', 'got the taxes filed', completes('taxes')],

  // --- changing one task ------------------------------------------------------------------------
  ['update', 'change milk to buy oat milk', changes({ milk: { title: 'buy oat milk' } })],
  ['update', 'move the report to next tuesday', changes({ report: { due: '2026-12-01' } })],
  ['update', 'dentist at 4pm instead', changes({ dentist: { due: T(16, 0, '2026-12-01') } })],
  ['update', 'push the report back two days', changes({ report: { due: '2026-11-29' } })],
  ['update', 'taxes is not urgent anymore', changes({ taxes: { priority: 'low' } })],
  ['update', 'call mom is urgent', changes({ mom: { priority: 'high' } })],
  ['update', 'add the tag family to call mom', changes({ mom: { tags: ['family'] } })],
  ['update', 'untag the report', changes({ report: { tags: [] } })],
  [
    'update',
    'add a note to the plumber: leaking under the sink',
    changes({ plumber: { description: 'leaking under the sink' } }),
  ],
  ['update', 'remove the deadline from the report', changes({ report: { due: null } })],
  ['update', 'rename 4 to Write Q4 report', changes({ report: { title: 'Write Q4 report' } })],
  [
    'update',
    'reschedule the dentist to dec 8',
    changes({ dentist: { due: T(15, 0, '2026-12-08') } }),
  ],
  [
    'update',
    'postpone the dentist by a week',
    changes({ dentist: { due: T(15, 0, '2026-12-08') } }),
  ],
  ['update', 'set the priority of 3 to high', changes({ plumber: { priority: 'high' } })],
  ['update', 'repeat the rent every month', changes({ rent: { recurrence: 'FREQ=MONTHLY' } })],
  ['update', 'taxes due friday', changes({ taxes: { due: '2026-11-27' } })],
  ['update', 'the plumber can wait till next week', changes({ plumber: { due: '2026-11-30' } })],

  // --- references to the conversation -----------------------------------------------------------
  ['context', ['show my home tasks', 'the second one', 'done'], completes('milk')],
  [
    'context',
    ['add book the hotel', 'make it urgent'],
    adds({ title: 'Book the hotel', priority: 'high' }),
  ],
  [
    'context',
    ['when is the dentist?', 'move it to 10am'],
    changes({ dentist: { due: T(10, 0, '2026-12-01') } }),
  ],
  ['context', ['show overdue', 'mark it done'], completes('rent')],
  [
    'context',
    ['add pick up the parcel', 'tag it errands'],
    adds({ title: 'Pick up the parcel', tags: ['errands'] }),
  ],
  ['context', ['done with mom', 'the plumber too'], completes('mom', 'plumber')],
  ['context', ['postpone the report', 'monday'], changes({ report: { due: '2026-11-30' } })],
  [
    'context',
    ['list work tasks', 'rename it to Write the annual report'],
    changes({ report: { title: 'Write the annual report' } }),
  ],
  [
    'context',
    ['add get a new phone charger', 'actually make that tomorrow'],
    adds({ title: 'Get a new phone charger', due: '2026-11-27' }),
  ],
  [
    'context',
    ['add water the plants', 'make it weekly'],
    adds({ title: 'Water the plants', recurrence: 'FREQ=WEEKLY' }),
  ],
  [
    'context',
    ['show finance tasks', 'the first one', 'make it urgent'],
    changes({ rent: { priority: 'high' } }),
  ],
  ['context', ['show my tasks', 'done'], asks],

  // --- several targets and bulk -----------------------------------------------------------------
  ['bulk', ['delete all finance tasks', 'yes'], deletes('taxes', 'rent')],
  ['bulk', ['remove everything tagged home', 'no'], nothing],
  ['bulk', 'done with 1 and 3', completes('milk', 'plumber')],
  [
    'bulk',
    'set everything tagged home to high priority',
    changes({ milk: { priority: 'high' }, plumber: { priority: 'high' } }),
  ],
  ['bulk', 'move everything overdue to today', changes({ rent: { due: '2026-11-26' } })],
  ['bulk', ['wipe all my tasks', 'nope'], nothing],
  ['bulk', 'delete all my tasks', asks],
  [
    'bulk',
    'take the home tag off all my tasks',
    changes({ milk: { tags: [] }, plumber: { tags: [] } }),
  ],
  ['bulk', ['clear the completed ones', 'sure'], deletes('laundry')],
  [
    'bulk',
    'tag 1 and 2 with weekend',
    changes({ milk: { tags: ['home', 'weekend'] }, mom: { tags: ['weekend'] } }),
  ],
  ['bulk', 'mark everything as done', completes(...open)],

  // --- typos, case, spacing, quotes, emoji ------------------------------------------------------
  ['typos', 'shwo overdue tasks', lists('rent')],
  ['typos', 'mark teh report as done', completes('report')],
  [
    'typos',
    'add dinner with Sam tommorow at 7pm',
    adds({ title: 'Dinner with Sam', due: T(19, 0, '2026-11-27') }),
  ],
  ['typos', 'delte the laundry task', asks],
  ['typos', 'reschedual dentist to friday', changes({ dentist: { due: T(15, 0, '2026-11-27') } })],
  ['typos', 'make milk hihg priority', changes({ milk: { priority: 'high' } })],
  ['typos', '  COMPLETE   task 2 ', completes('mom')],
  ['typos', 'add "Call Dr. Smith" 📞', adds({ title: 'Call Dr. Smith' })],
  [
    'typos',
    'add pay the gas bill on wednsday',
    adds({ title: 'Pay the gas bill', due: '2026-12-02' }),
  ],

  // --- not about tasks --------------------------------------------------------------------------
  ['chat', 'hiya', nothing],
  ['chat', 'who are you', nothing],
  ['chat', 'can you tell me something funny', nothing],
  ['chat', 'ugh, mondays', nothing],
  ['chat', 'ok', nothing],
  ['chat', "I'm so tired today", nothing],
  ['chat', "what's the weather like tomorrow", nothing],
  ['chat', 'lol', nothing],

  // --- undo ---------------------------------------------------------------------------------------
  ['undo', ['remove call mom', 'undo'], restored],
  ['undo', ['complete everything tagged home', 'undo'], nothing],
  ['undo', ['add buy a lamp tomorrow', 'undo'], nothing],
  ['undo', ['move the report to wednesday', 'oops undo'], nothing],
  ['undo', ['make the taxes medium priority', 'revert that'], nothing],

  // --- safety: only the asked-for change; a "delete" word about an attribute deletes nothing -----
  ['safety', 'delete the finance tag from the taxes', changes({ taxes: { tags: [] } })],
  ['safety', 'get rid of the due date on rent', changes({ rent: { due: null } })],
  ['safety', 'delete', nothing],
  ['safety', 'cancel', nothing],
  ['safety', 'finished', asks],
  ['safety', 'delete the call one', asks],
  ['safety', 'remove urgent from the taxes', notHigh],
  ['safety', "I don't want to delete anything", nothing],
  ['safety', "don't delete the report", nothing],
  ['safety', 'rename the report to delete me', changes({ report: { title: 'delete me' } })],
];
