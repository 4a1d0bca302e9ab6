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
