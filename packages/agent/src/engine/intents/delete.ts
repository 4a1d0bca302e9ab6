import { deleteRequested } from '@todo/language';
import { act } from '../act';
import type { Intent } from '../turn';

/** Deleting one task by reference, only when the user's words ask for a deletion. */
export const deleteIntent: Intent = async (text, input) => {
  if (!deleteRequested(input.message)) return null;
  const m =
    /^(?:please\s+)?(?:delete|remove|drop|erase|trash|scrap|get rid of|cancel|forget about|forget|discard|ditch|nuke|destroy|bin|throw away|throw out)\s+(.+?)(?:\s+from\s+(?:my|the)\s+(?:list|tasks|todos))?$/.exec(
      text,
    );
  return m ? act(m[1]!, 'delete', input) : null;
};
