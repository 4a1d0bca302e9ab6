import { HELP } from '../format';
import { done, help, type Intent } from '../turn';

/** Greetings, thanks and requests for help. */
export const helpIntent: Intent = async (text) => {
  if (
    !text ||
    /^(help|\?|what can you do|what do you do|how does this work|commands|options|menu)\b/.test(
      text,
    )
  ) {
    return help(HELP);
  }
  if (/^(hi|hello|hey|yo|good (morning|afternoon|evening))\b[\s,!]*$/.test(text)) {
    return help(`Hello! ${HELP}`);
  }
  if (/^(thanks|thank you|thx|cheers|great|cool|nice)\b/.test(text)) {
    return done('You’re welcome! Anything else for your list?');
  }
  return null;
};

/**
 * "don't mark the report done", "do not move the dentist": a command said not to be done
 * changes nothing ("don't forget to …" is a reminder, and "don't repeat …" stops a repeat).
 */
export const negatedIntent: Intent = async (text) => {
  if (
    !/^(?:please\s+)?(?:don't|dont|do not|never|no need to|you don't need to|you dont need to)\s+(?:ever\s+)?(?:mark|complete|finish|tick|check off|cross off|close|delete|remove|erase|drop|cancel|clear|move|push|postpone|reschedule|delay|change|rename|edit|update|tag|untag|label|add|create|set|make|touch|reopen|undo)\b/.test(
      text,
    )
  )
    return null;
  return done('Okay, I won’t. Nothing was changed.');
};
