'use client';

import * as RadixSelect from '@radix-ui/react-select';
import { useId } from 'react';

export interface Option<T extends string> {
  value: T;
  label: string;
}

/**
 * A labelled select on Radix UI's listbox (keyboard, typeahead and screen-reader behaviour of
 * the WAI-ARIA pattern), styled like the rest of the app in light and dark.
 */
export function Select<T extends string>(props: {
  label: string;
  value: T;
  options: readonly Option<T>[];
  onChange: (value: T) => void;
  hideLabel?: boolean;
  name?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <span id={id} className={props.hideLabel ? 'sr-only' : 'field-label'}>
        {props.label}
      </span>
      <RadixSelect.Root
        value={props.value}
        onValueChange={(v) => props.onChange(v as T)}
        name={props.name}
      >
        <RadixSelect.Trigger className="select-trigger" aria-labelledby={id}>
          <RadixSelect.Value />
          <RadixSelect.Icon aria-hidden className="select-icon">
            ▾
          </RadixSelect.Icon>
        </RadixSelect.Trigger>
        <RadixSelect.Portal>
          <RadixSelect.Content className="popover select-content" position="popper" sideOffset={4}>
            <RadixSelect.Viewport>
              {props.options.map((o) => (
                <RadixSelect.Item key={o.value} value={o.value} className="menu-item">
                  <RadixSelect.ItemText>{o.label}</RadixSelect.ItemText>
                </RadixSelect.Item>
              ))}
            </RadixSelect.Viewport>
          </RadixSelect.Content>
        </RadixSelect.Portal>
      </RadixSelect.Root>
    </div>
  );
}
