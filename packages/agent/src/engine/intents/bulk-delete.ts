import { done, type Intent } from '../turn';
import { addTrigger } from './add';

/** "delete everything" / "clear completed": never acts at once, asks for a yes first. */
export const bulkDeleteIntent: Intent = async (text) => {
  const destroy = /\b(delete|remove|clear|erase|wipe|trash|purge|get rid of)\b/;
  // "add … delete everything" is a task to add, not a request.
  if (!destroy.test(text) || addTrigger.test(text)) return null;
  const completedOnly = /\b(completed|done|finished|checked off)\b/.test(text);
  const everything =
    /\b(all|every|everything)\b/.test(text) ||
    /\b(clear|wipe|empty)\s+(out\s+)?(my|the)\s+(list|tasks|todos)\b/.test(text);
  if (
    completedOnly &&
    (everything ||
      /^(clear|remove|delete|purge)\s+(the\s+|my\s+)?(completed|done|finished)(\s+(tasks|todos|ones|items))?$/.test(
        text,
      ))
  ) {
    return done(
      'This will delete every completed task. Are you sure? Reply “yes” to delete them or “no” to keep them.',
      { kind: 'confirm', action: 'delete_completed' },
    );
  }
  if (everything && /\b(tasks|todos|list|everything|all of them|items)\b/.test(text)) {
    return done(
      'This will delete ALL of your tasks, open and done. Are you sure? Reply “yes” to delete everything or “no” to keep them.',
      { kind: 'confirm', action: 'delete_all' },
    );
  }
  return null;
};
