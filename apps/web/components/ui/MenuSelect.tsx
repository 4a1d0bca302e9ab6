'use client';

import * as Menu from '@radix-ui/react-dropdown-menu';
import type { Option } from './Select';

/**
 * A compact choice for toolbars: a menu button ("Sort: Newest") opening a Radix radio menu.
 * It shares the dropdown primitive the task rows already load, so the list's first load
 * carries one popover library, not two.
 */
export function MenuSelect<T extends string>(props: {
  label: string;
  value: T;
  options: readonly Option<T>[];
  onChange: (value: T) => void;
}) {
  const current = props.options.find((o) => o.value === props.value)?.label ?? props.value;
  return (
    // Not modal, like the task rows' menu (see there).
    <Menu.Root modal={false}>
      <Menu.Trigger className="select-trigger" aria-label={`${props.label}: ${current}`}>
        <span className="muted phone-sr">{props.label}: </span>
        {current}
        <span aria-hidden className="select-icon">
          ▾
        </span>
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content className="popover" align="start" sideOffset={4}>
          <Menu.RadioGroup value={props.value} onValueChange={(v) => props.onChange(v as T)}>
            {props.options.map((o) => (
              <Menu.RadioItem key={o.value} value={o.value} className="menu-item">
                <Menu.ItemIndicator className="menu-check">✓</Menu.ItemIndicator>
                {o.label}
              </Menu.RadioItem>
            ))}
          </Menu.RadioGroup>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
