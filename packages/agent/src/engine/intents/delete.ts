import { act } from '../act';
import type { Intent } from '../turn';

/** Deleting one task by reference. */
export const deleteIntent: Intent = async (text, input) => {
  const m =
    /^(?:please\s+)?(?:delete|remove|drop|erase|trash|scrap|get rid of|cancel|forget|forget about)\s+(.+?)(?:\s+from\s+(?:my|the)\s+(?:list|tasks|todos))?$/.exec(
      text,
    );
  return m ? act(m[1]!, 'delete', input) : null;
};
