import {
  splitTags,
  TASK_DESCRIPTION_MAX,
  TASK_TAG_MAX,
  TASK_TAGS_MAX,
  TASK_TITLE_MAX,
} from '@todo/contracts';

/**
 * The task limits, said before they bite: a form shows these next to its fields while the
 * user types and refuses to submit, instead of the browser silently cutting a pasted title.
 */
export function titleProblem(title: string): string | null {
  const n = title.trim().length;
  return n > TASK_TITLE_MAX
    ? `Titles can be up to ${TASK_TITLE_MAX} characters; this one has ${n}. Put the rest in the description.`
    : null;
}

export function descriptionProblem(text: string): string | null {
  return text.length > TASK_DESCRIPTION_MAX
    ? `Descriptions can be up to ${TASK_DESCRIPTION_MAX} characters; this one has ${text.length}.`
    : null;
}

export function tagsProblem(text: string): string | null {
  const tags = splitTags(text);
  const long = tags.find((t) => t.length > TASK_TAG_MAX);
  if (long)
    return `Each tag can be up to ${TASK_TAG_MAX} characters; “${long.slice(0, 40)}…” has ${long.length}.`;
  if (tags.length > TASK_TAGS_MAX)
    return `A task can have up to ${TASK_TAGS_MAX} tags; this has ${tags.length}.`;
  return null;
}

/** "180 / 200" once a text is near its limit, so the limit is seen before it is reached. */
export function nearLimit(length: number, max: number): string | null {
  return length >= max * 0.8 ? `${length} / ${max}` : null;
}
