import { HELP } from './format';
import { followUp } from './follow-up';
import { addIntent, bareAddIntent } from './intents/add';
import { alsoIntent } from './intents/also';
import { bulkIntent, renameTagIntent } from './intents/bulk';
import { completeIntent, reopenIntent } from './intents/complete';
import { deleteIntent } from './intents/delete';
import { helpIntent, negatedIntent } from './intents/help';
import { listIntent } from './intents/list';
import { mistypedDeleteIntent } from './intents/mistyped';
import { aboutTaskIntent, pointIntent } from './intents/point';
import { undoIntent } from './intents/undo';
import { updateIntent } from './intents/update';
import { normalise } from './normalise';
import { emptyMemory, type Intent, type TurnInput, type TurnResult } from './turn';

/**
 * One turn: normalise (typos in command words corrected) → an answer to a pending question
 * → the intents in order. Each intent finds its attributes with @todo/language, resolves the
 * tasks meant, and acts through the toolbox, whose safety rules check every write.
 */
export async function runOfflineTurn(input: TurnInput): Promise<TurnResult> {
  const text = normalise(input.message);
  const result = await understand(text, input);
  const memory = result.memory ?? input.memory ?? emptyMemory();
  const changes = input.tools.changes;
  // What this turn changed is what "undo" reverses next; a turn that changed nothing keeps it.
  // The undo intent leaves an empty list: what it reversed cannot itself be undone.
  const undo = memory.undo?.length === 0 ? undefined : changes.length ? [...changes] : memory.undo;
  return { ...result, memory: { ...memory, undo } };
}

async function understand(text: string, input: TurnInput): Promise<TurnResult> {
  if (input.pending) {
    const handled = await followUp(text, input.pending, input);
    if (handled) return handled;
  }
  for (const intent of intents) {
    const result = await intent(text, input);
    if (result) return result;
  }
  return {
    reply: `I'm not sure what you mean. ${HELP}`,
    pending: null,
    understood: false,
  };
}

// Order matters: bulk before single (a set, then one task); updates ("remove the tag …") before
// deletes; explicit adds before lists ("add … list" is an add); a verb-less add last.
const intents: Intent[] = [
  helpIntent,
  negatedIntent,
  undoIntent,
  pointIntent,
  renameTagIntent,
  bulkIntent,
  alsoIntent,
  reopenIntent,
  completeIntent,
  updateIntent,
  deleteIntent,
  addIntent,
  aboutTaskIntent,
  listIntent,
  mistypedDeleteIntent,
  bareAddIntent,
];
