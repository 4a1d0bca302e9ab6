import type { Priority } from '@todo/contracts';

export function PrioritySelect(props: {
  name?: string;
  value: Priority;
  onChange: (value: Priority) => void;
}) {
  return (
    <select
      name={props.name}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value as Priority)}
    >
      <option value="low">Low</option>
      <option value="medium">Medium</option>
      <option value="high">High</option>
    </select>
  );
}
