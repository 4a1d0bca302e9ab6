import { HELP } from './format';
import { followUp } from './follow-up';
import { addIntent } from './intents/add';
import { bulkDeleteIntent } from './intents/bulk-delete';
import { completeIntent, reopenIntent } from './intents/complete';
import { deleteIntent } from './intents/delete';
import { helpIntent } from './intents/help';
import { listIntent } from './intents/list';
import { updateIntent } from './intents/update';
import { normalise } from './normalise';
import type { Intent, TurnInput, TurnResult } from './turn';

/** One turn: an answer to a pending question first, then the intents in order. */
export async function runOfflineTurn(input: TurnInput): Promise<TurnResult> {
  const text = normalise(input.message);
  if (input.pending) {
    const handled = await followUp(text, input.pending, input);
    if (handled) return handled;
  }
  for (const intent of intents) {
    const result = await intent(text, input);
    if (result) return result;
  }
  return { reply: HELP, pending: null, understood: false };
}

// Order matters: bulk deletes before single deletes, updates ("remove the tag …") before deletes,
// adds before lists ("add … list" is an add).
const intents: Intent[] = [
  helpIntent,
  bulkDeleteIntent,
  reopenIntent,
  completeIntent,
  updateIntent,
  deleteIntent,
  addIntent,
  listIntent,
];
