/**
 * The API names the field a 400 is about ("tags.0 must be at most 32 characters"), which is
 * right for scripts and wrong for people. This rewords it for the screen.
 */
const fieldNames: Record<string, string> = {
  title: 'The title',
  description: 'The description',
  priority: 'The priority',
  dueAt: 'The due date',
  tags: 'Tags',
  recurrence: 'The repeat rule',
  q: 'The search',
  tag: 'The tag',
  name: 'The name',
};

export function humanMessage(message: string): string {
  const match = /^([A-Za-z]+)((?:\.\d+)*) (must .*)$/.exec(message);
  if (!match) return message;
  const [, field, index, rest] = match;
  const name =
    field === 'tags' && index
      ? 'Each tag'
      : (fieldNames[field!] ?? field!.replace(/^\w/, (c) => c.toUpperCase()));
  const worded = rest!
    .replace(/^must be at most/, 'can be at most')
    .replace(/^must have at most/, 'can have at most');
  return `${name} ${worded}.`;
}
