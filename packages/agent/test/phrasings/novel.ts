import {
  adds,
  asks,
  bothOrAsks,
  changes,
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
 * A fourth held-out set (issue 16, round 4), written before reading the engine's rules and
 * before any change of that round; not paraphrases of the other tables. Same seed and clock
 * as the table (harness.ts): milk #1, mom #2, plumber #3, report #4 (Fri 27 Nov), dentist #5
 * (Tue 1 Dec 15:00), taxes #6 (high), laundry #7 (done), rent #8 (overdue); now Thu 26 Nov
 * 2026 10:00 UTC. Judged by the task state, as the table is.
 * First run, before any change of that round: 101/134 (75.4%): add 10/15 (67%), dates 17/17
 * (100%), list 11/14 (79%), complete 3/10 (30%), update 13/24 (54%), context 9/10 (90%), bulk
 * 9/12 (75%), typos 14/15 (93%), chat 8/10 (80%), undo 7/7 (100%). Its failures then drove
 * general changes, so its later rate is no longer an estimate of unseen phrasings.
 */
export const novel: Case[] = [
  // --- add ----------------------------------------------------------------------------------
  ['add', 'add sharpen the kitchen knives', adds({ title: 'Sharpen the kitchen knives' })],
  ['add', 'grab batteries on the way home', adds({ title: 'Grab batteries on the way home' })],
  ['add', 'could you stick "renew library card" on my list', adds({ title: 'Renew library card' })],
  ['add', 'add to my list: pick up the photos', adds({ title: 'Pick up the photos' })],
  [
    'add',
    'add soap, shampoo & toothpaste',
    adds({ title: 'Soap' }, { title: 'Shampoo' }, { title: 'Toothpaste' }),
  ],
  [
    'add',
    'add the following:\n- book the MOT\n- cancel netflix\n- email the school',
    adds({ title: 'Book the MOT' }, { title: 'Cancel netflix' }, { title: 'Email the school' }),
  ],
  ['add', 'add order printer ink for work', adds({ title: 'Order printer ink', tags: ['work'] })],
  [
    'add',
    'add sort the recycling #home #weekly',
    adds({ title: 'Sort the recycling', tags: ['home', 'weekly'] }),
  ],
  [
    'add',
    'top priority: back up the laptop',
    adds({ title: 'Back up the laptop', priority: 'high' }),
  ],
  [
    'add',
    'add clean out the garage, low priority',
    adds({ title: 'Clean out the garage', priority: 'low' }),
  ],
  [
    'add',
    'add repaint the hallway – get the sample pots first',
    adds({ title: 'Repaint the hallway', description: 'get the sample pots first' }),
  ],
  [
    'add',
    'add fix the bike — the back tyre is flat',
    adds({ title: 'Fix the bike', description: 'the back tyre is flat' }),
  ],
  ['add', 'I must remember to send Gran a postcard', adds({ title: 'Send Gran a postcard' })],
  [
    'add',
    'add water the garden, nothing urgent',
    adds({ title: 'Water the garden', priority: 'low' }),
  ],
  [
    'add',
    'add get quotes for the roof, tag it house',
    adds({ title: 'Get quotes for the roof', tags: ['house'] }),
  ],

  // --- dates and times ------------------------------------------------------------------------
  [
    'dates',
    'add pay the nanny on friday at 6pm',
    adds({ title: 'Pay the nanny', due: T(18, 0, '2026-11-27') }),
  ],
  [
    'dates',
    'add submit the grant application by the end of the month',
    adds({ title: 'Submit the grant application', due: '2026-11-30' }),
  ],
  [
    'dates',
    'add return the jacket on the 2nd of december',
    adds({ title: 'Return the jacket', due: '2026-12-02' }),
  ],
  [
    'dates',
    'add book the restaurant for 4 dec',
    adds({ title: 'Book the restaurant', due: '2026-12-04' }),
  ],
  ['dates', 'add dentist recall 12/15', adds({ title: 'Dentist recall', due: '2026-12-15' })],
  ['dates', 'add call the accountant at 4', adds({ title: 'Call the accountant', due: T(16) })],
  ['dates', 'add check the roast in 45 min', adds({ title: 'Check the roast', due: T(10, 45) })],
  [
    'dates',
    'add send the invoice the day after tomorrow at 10am',
    adds({ title: 'Send the invoice', due: T(10, 0, '2026-11-28') }),
  ],
  ['dates', 'add piano lesson this tuesday', adds({ title: 'Piano lesson', due: '2026-12-01' })],
  [
    'dates',
    'add start the dishwasher at 22:00',
    adds({ title: 'Start the dishwasher', due: T(22) }),
  ],
  [
    'dates',
    'add meet the builder in 3 weeks',
    adds({ title: 'Meet the builder', due: '2026-12-17' }),
  ],
  [
    'dates',
    'add renew insurance on the 28th',
    adds({ title: 'Renew insurance', due: '2026-11-28' }),
  ],
  [
    'dates',
    'add group call tomorrow at 14:15',
    adds({ title: 'Group call', due: T(14, 15, '2026-11-27') }),
  ],
  [
    'dates',
    'add hand in the essay on monday morning',
    adds({ title: 'Hand in the essay', due: T(9, 0, '2026-11-30') }),
  ],
  [
    'dates',
    'add pick up the turkey wednesday evening',
    adds({ title: 'Pick up the turkey', due: T(19, 0, '2026-12-02') }),
  ],
  ['dates', 'add team offsite on January 12', adds({ title: 'Team offsite', due: '2027-01-12' })],
  [
    'dates',
    'add phone the garage at noon tomorrow',
    adds({ title: 'Phone the garage', due: T(12, 0, '2026-11-27') }),
  ],

  // --- listing and questions ------------------------------------------------------------------
  ['list', 'what have i got on monday', lists()],
  ['list', "what's due on the 1st", lists('dentist')],
  ['list', 'which tasks are late', lists('rent')],
  ['list', 'show me the important stuff', lists('taxes')],
  ['list', 'list everything for home', lists('milk', 'plumber')],
  ['list', 'what finance stuff is left', lists('taxes', 'rent')],
  ['list', 'do I have anything about the report?', lists('report')],
  ['list', 'how many things are overdue', counts(1)],
  ['list', 'how many tasks have I finished', counts(1)],
  ['list', 'how many work tasks are there', counts(1)],
  ['list', 'show me what I did already', lists('laundry')],
  ['list', 'what should i do tomorrow', lists('report')],
  ['list', 'give me a list of my open tasks', lists(...open)],
  ['list', "what's due in december", lists('dentist')],

  // --- complete and reopen --------------------------------------------------------------------
  ['complete', 'knocked out the taxes', completes('taxes')],
  ['complete', 'the plumber has been called', completes('plumber')],
  ['complete', 'tick number 4', completes('report')],
  ['complete', 'mark 1 as finished', completes('milk')],
  ['complete', 'rent is paid', completes('rent')],
  ['complete', 'done: call mom', completes('mom')],
  ['complete', 'I bought the milk', completes('milk')],
  ['complete', 'laundry needs doing again', changes({ laundry: { completed: false } })],
  ['complete', 'un-complete task 7', changes({ laundry: { completed: false } })],
  ['complete', 'set the dentist appointment to done', completes('dentist')],

  // --- update ---------------------------------------------------------------------------------
  [
    'update',
    'change "Call mom" to "Call mom about Christmas"',
    changes({ mom: { title: 'Call mom about Christmas' } }),
  ],
  [
    'update',
    'rename the plumber task: Call the plumber about the boiler',
    changes({ plumber: { title: 'Call the plumber about the boiler' } }),
  ],
  ['update', 'retitle task 2 "Ring mum"', changes({ mom: { title: 'Ring mum' } })],
  ['update', 'move the dentist to 4:30pm', changes({ dentist: { due: T(16, 30, '2026-12-01') } })],
  ['update', 'move the report to 9am', changes({ report: { due: T(9, 0, '2026-11-27') } })],
  [
    'update',
    'shift the dentist to wednesday',
    changes({ dentist: { due: T(15, 0, '2026-12-02') } }),
  ],
  ['update', 'push the dentist back 3 days', changes({ dentist: { due: T(15, 0, '2026-12-04') } })],
  [
    'update',
    'bring the dentist forward a day',
    changes({ dentist: { due: T(15, 0, '2026-11-30') } }),
  ],
  ['update', 'the report is now due next tuesday', changes({ report: { due: '2026-12-01' } })],
  [
    'update',
    'change the dentist to thursday at 2',
    changes({ dentist: { due: T(14, 0, '2026-12-03') } }),
  ],
  ['update', 'move mom to 3pm', changes({ mom: { due: T(15) } })],
  ['update', 'make mom top priority', changes({ mom: { priority: 'high' } })],
  ['update', 'set the plumber to low priority', changes({ plumber: { priority: 'low' } })],
  ['update', 'tag the dentist appointment as health', changes({ dentist: { tags: ['health'] } })],
  [
    'update',
    'add the finance tag to the report',
    changes({ report: { tags: ['work', 'finance'] } }),
  ],
  ['update', 'milk no longer needs the home tag', changes({ milk: { tags: [] } })],
  [
    'update',
    'add a note to mom: ask about the flights',
    changes({ mom: { description: 'ask about the flights' } }),
  ],
  [
    'update',
    'add a note to task 5 saying bring the x-rays',
    changes({ dentist: { description: 'bring the x-rays' } }),
  ],
  ['update', 'drop the due date on the report', changes({ report: { due: null } })],
  ['update', 'unschedule the dentist', changes({ dentist: { due: null } })],
  [
    'update',
    'move 3 to friday and make it urgent',
    bothOrAsks({ plumber: { due: '2026-11-27', priority: 'high' } }),
  ],
  [
    'update',
    ['move 3 to friday and make it urgent', 'yes'],
    changes({ plumber: { due: '2026-11-27', priority: 'high' } }),
  ],
  [
    'update',
    'rename milk to Oat milk and tag it groceries',
    bothOrAsks({ milk: { title: 'Oat milk', tags: ['home', 'groceries'] } }),
  ],
  [
    'update',
    'set the report to high priority and remove the work tag',
    bothOrAsks({ report: { priority: 'high', tags: [] } }),
  ],

  // --- conversation references ----------------------------------------------------------------
  [
    'context',
    ['add ring the bank', 'make it urgent'],
    adds({ title: 'Ring the bank', priority: 'high' }),
  ],
  [
    'context',
    ['add book flights', 'tag it travel', 'and put it on friday'],
    adds({ title: 'Book flights', tags: ['travel'], due: '2026-11-27' }),
  ],
  ['context', ['show my home tasks', 'the second one is done'], completes('milk')],
  ['context', ['what is overdue', 'move it to tomorrow'], changes({ rent: { due: '2026-11-27' } })],
  ['context', ['done with milk', 'and the plumber too'], completes('milk', 'plumber')],
  ['context', ['find the dentist', 'delete it', 'yes'], deletes('dentist')],
  [
    'context',
    ['add pick up the dry cleaning', 'actually make that tomorrow'],
    adds({ title: 'Pick up the dry cleaning', due: '2026-11-27' }),
  ],
  ['context', ['show high priority tasks', 'mark that done'], completes('taxes')],
  [
    'context',
    ['rename milk to Buy oat milk', 'and tag it groceries'],
    changes({ milk: { title: 'Buy oat milk', tags: ['home', 'groceries'] } }),
  ],
  [
    'context',
    ['what about the report?', 'push it to monday'],
    changes({ report: { due: '2026-11-30' } }),
  ],

  // --- several targets and bulk ---------------------------------------------------------------
  ['bulk', 'finish 1, 2 and 3', completes('milk', 'mom', 'plumber')],
  ['bulk', 'mark 4 and 6 done', completes('report', 'taxes')],
  ['bulk', ['remove all finance tasks', 'yes'], deletes('taxes', 'rent')],
  ['bulk', ['wipe all my home tasks', 'no'], nothing],
  ['bulk', 'delete all the completed ones', asks],
  [
    'bulk',
    'add the tag admin to every finance task',
    changes({ taxes: { tags: ['finance', 'admin'] }, rent: { tags: ['finance', 'admin'] } }),
  ],
  ['bulk', 'move everything due friday to saturday', changes({ report: { due: '2026-11-28' } })],
  [
    'bulk',
    'make everything at home low priority',
    changes({ milk: { priority: 'low' }, plumber: { priority: 'low' } }),
  ],
  ['bulk', ['clear all completed tasks', 'yes please'], deletes('laundry')],
  ['bulk', 'close out all the home stuff', completes('milk', 'plumber')],
  ['bulk', ['delete 1 and 3', 'yes'], deletes('milk', 'plumber')],
  [
    'bulk',
    'remove the home tag from everything',
    changes({ milk: { tags: [] }, plumber: { tags: [] } }),
  ],

  // --- typos, case, emoji, quotes ---------------------------------------------------------------
  ['typos', 'renmae mom to Ring mum', changes({ mom: { title: 'Ring mum' } })],
  [
    'typos',
    'renam the plumber to Call the Plumber',
    changes({ plumber: { title: 'Call the Plumber' } }),
  ],
  ['typos', 'complet the report', completes('report')],
  ['typos', 'mark mom as doen', completes('mom')],
  ['typos', 'add pick up parcel on wendsday', adds({ title: 'Pick up parcel', due: '2026-12-02' })],
  ['typos', 'add feed the cat tomorrwo', adds({ title: 'Feed the cat', due: '2026-11-27' })],
  ['typos', 'lsit overdue tasks', lists('rent')],
  ['typos', 'delet milk', asks],
  ['typos', 'add buy candles decmeber 12', adds({ title: 'Buy candles', due: '2026-12-12' })],
  ['typos', 'prioritze the dentist', changes({ dentist: { priority: 'high' } })],
  ['typos', 'shwo home tasks', lists('milk', 'plumber')],
  [
    'typos',
    'resheduel the dentist to friday',
    changes({ dentist: { due: T(15, 0, '2026-11-27') } }),
  ],
  ['typos', '🛒 add "Oat Milk" #groceries', adds({ title: 'Oat Milk', tags: ['groceries'] })],
  ['typos', 'MARK THE TAXES DONE 🎉', completes('taxes')],
  ['typos', "done with 'call mom'", completes('mom')],

  // --- not about tasks ------------------------------------------------------------------------
  ['chat', 'what day is it today', nothing],
  ['chat', 'you rock', nothing],
  ['chat', 'brb', nothing],
  ['chat', 'what is love', nothing],
  ['chat', 'ugh mondays', nothing],
  ['chat', 'help', nothing],
  ['chat', 'what can I ask you?', nothing],
  ['chat', 'never mind', nothing],
  ['chat', '🙂', nothing],
  ['chat', 'is it going to rain tomorrow?', nothing],

  // --- undo -----------------------------------------------------------------------------------
  ['undo', ['done with the plumber', 'undo'], nothing],
  ['undo', ['delete task 2', 'yes', 'undo'], restored],
  ['undo', ['move the dentist to friday', 'undo that'], nothing],
  ['undo', ['add buy glue', 'oops, undo'], nothing],
  ['undo', ['make taxes low priority', 'take that back'], nothing],
  ['undo', ['tag milk with dairy', 'revert'], nothing],
  ['undo', ['mark all home tasks done', 'undo'], nothing],
];
