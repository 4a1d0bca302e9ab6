import type { Check } from './harness';

export const policyChecks: Check[] = [];
