/**
 * The task rules the browser applies too (limits, the tag rule). No zod here, so the web app
 * can import them without shipping the schemas to the browser.
 */

export const TASK_TITLE_MAX = 200;
export const TASK_DESCRIPTION_MAX = 2000;
export const TASK_TAGS_MAX = 10;
export const TASK_TAG_MAX = 32;
export const TASK_LIST_LIMIT_MAX = 100;

/** The tag rule: a tag is stored trimmed, lower-case and without a leading '#'. */
export const normaliseTag = (raw: string): string => raw.trim().toLowerCase().replace(/^#/, '');

/** Tags typed in one field, as people type them: "home, Work #x" → ["home", "work", "x"]. */
export function splitTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,]+/)
        .map(normaliseTag)
        .filter(Boolean),
    ),
  ];
}
