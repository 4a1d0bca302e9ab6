'use client';

import { useEffect, useRef } from 'react';

/** Keys typed into a field are text, not commands. */
function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return (
    el.isContentEditable ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) ||
    // An open menu, select or dialog handles its own keys.
    Boolean(el.closest('[role="menu"], [role="listbox"], [role="dialog"]'))
  );
}

/**
 * Single-key shortcuts for the page (`handlers` by `KeyboardEvent.key`, each returning false
 * when it did nothing), ignored while the
 * user types in a field or holds Ctrl, Alt or Meta, so they never take a browser shortcut.
 */
export function useKeyboard(handlers: Record<string, (e: KeyboardEvent) => unknown>) {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey || typing(e.target)) return;
      // Space and Enter on a focused button, link or checkbox keep their own meaning.
      const onControl = (e.target as HTMLElement).closest?.('button, a, input');
      if ((e.key === ' ' || e.key === 'Enter') && onControl) return;
      const handler = ref.current[e.key];
      // A handler that had nothing to act on (no task selected) returns false: the key then
      // does what it would have done without us.
      if (handler && handler(e) !== false) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
