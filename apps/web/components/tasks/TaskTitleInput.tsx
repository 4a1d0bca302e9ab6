'use client';

import type { InputHTMLAttributes } from 'react';

/**
 * The add box's title input, shared by quick add and the full form. Its contract is what the
 * shortcuts and the browser tests rely on: labelled "New task title", id `add-task-title` (the
 * "q" shortcut focuses it), Esc leaves it, and the count near the limit describes it.
 */
export function TaskTitleInput({
  count,
  describedBy,
  onChange,
  ...input
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'onChange' | 'onKeyDown'> & {
  /** The count near the limit, when it shows. */
  count: string | null;
  /** Further elements that describe the input (quick add's preview). */
  describedBy?: string;
  onChange: (value: string) => void;
}) {
  const described = [count ? 'add-task-count' : null, describedBy].filter(Boolean).join(' ');
  return (
    <label className="grow">
      <span className="sr-only">New task title</span>
      <input
        {...input}
        id="add-task-title"
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && e.currentTarget.blur()}
        aria-describedby={described || undefined}
      />
    </label>
  );
}

/** The count near the title's limit ("190 / 200"), which describes the input above. */
export function TaskTitleCount({ count }: { count: string | null }) {
  return count ? (
    <small id="add-task-count" className="hint">
      {count}
    </small>
  ) : null;
}
