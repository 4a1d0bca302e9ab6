import { parseTaskText } from '../src/index';
const now = new Date('2026-11-26T10:00:00Z');
for (const t of process.argv.slice(2))
  console.log(t, '→', JSON.stringify(parseTaskText(t, { now, timeZone: 'UTC' })));
