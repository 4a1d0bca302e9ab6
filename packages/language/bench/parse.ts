#!/usr/bin/env tsx
/**
 * Quick-add parse per keystroke: every prefix of realistic inputs parsed as the preview does,
 * timed one by one. Target: p95 under 2 ms. Run: pnpm --filter @todo/language bench
 */
import { performance } from 'node:perf_hooks';
import { parseTaskText } from '../src/index';

const inputs = [
  'buy stamps tomorrow 5pm #errands !high',
  'call mom at 5 on friday about the christmas plans - bring the photo album',
  'pay rent every month on the 1st #finance',
  'standup every weekday at 9:30am #work',
  'dentist 12/3 at 17:30 not urgent',
  'renew the car insurance by end of the month, important',
  'water the plants in 3 days tag it home',
  'book flights for the conference next tuesday at noon p1',
];
const options = {
  now: new Date(),
  timeZone: 'Europe/Paris',
  knownTags: ['work', 'home', 'finance'],
};

// Warm up the JIT and the Intl formatters, as a page would after its first keystrokes.
for (let i = 0; i < 200; i++) for (const text of inputs) parseTaskText(text, options);

const samples: number[] = [];
for (let round = 0; round < 20; round++) {
  for (const text of inputs) {
    for (let n = 1; n <= text.length; n++) {
      const prefix = text.slice(0, n);
      const start = performance.now();
      parseTaskText(prefix, options);
      samples.push(performance.now() - start);
    }
  }
}
samples.sort((a, b) => a - b);
const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
const fmt = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
console.log(
  `quick-add parse per keystroke: ${samples.length} parses, p50 ${fmt(at(0.5))}, p95 ${fmt(at(0.95))}, p99 ${fmt(at(0.99))}, max ${fmt(samples.at(-1)!)} (target p95 < 2 ms)`,
);
if (at(0.95) >= 2) {
  console.error('quick-add parse p95 is over 2 ms');
  process.exitCode = 1;
}
