'use client';

import { TASK_DESCRIPTION_MAX, type Priority } from '@todo/contracts';
import { nearLimit } from '@/lib/limits';
import { repeatPresets } from '@/lib/recurrence';
import { Select } from '../ui/Select';
import { priorityOptions } from './views';

/** The add form's optional fields: description, priority, due date, tags and repeat. */
export function AddTaskOptions(p: {
  description: string;
  setDescription: (v: string) => void;
  priority: Priority;
  setPriority: (v: Priority) => void;
  due: string;
  setDue: (v: string) => void;
  tags: string;
  setTags: (v: string) => void;
  repeat: string;
  setRepeat: (v: string) => void;
}) {
  return (
    <div className="more">
      <label className="wide">
        <span>Description</span>
        <textarea
          name="description"
          value={p.description}
          rows={2}
          onChange={(e) => p.setDescription(e.target.value)}
        />
        <small className="hint">{nearLimit(p.description.length, TASK_DESCRIPTION_MAX)}</small>
      </label>
      <Select
        label="Priority"
        name="priority"
        value={p.priority}
        options={priorityOptions}
        onChange={p.setPriority}
      />
      <label>
        <span>Due</span>
        <input
          name="due"
          type="datetime-local"
          value={p.due}
          onChange={(e) => p.setDue(e.target.value)}
        />
      </label>
      <label>
        <span>Tags</span>
        <input
          name="tags"
          value={p.tags}
          placeholder="work, home"
          onChange={(e) => p.setTags(e.target.value)}
        />
      </label>
      <Select
        label="Repeat"
        value={p.repeat}
        options={[
          { value: 'none', label: 'Does not repeat' },
          ...repeatPresets(p.due ? new Date(p.due) : new Date()),
        ]}
        onChange={p.setRepeat}
      />
    </div>
  );
}
