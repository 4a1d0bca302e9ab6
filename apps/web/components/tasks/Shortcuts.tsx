'use client';

import * as Dialog from '@radix-ui/react-dialog';

export const shortcuts: [keys: string[], does: string][] = [
  [['q', 'n'], 'Add a task'],
  [['/'], 'Search'],
  [['j', 'k'], 'Next / previous task'],
  [['x', 'Space'], 'Complete the selected task'],
  [['e'], 'Edit the selected task'],
  [['Delete'], 'Delete the selected task (with undo)'],
  [['u'], 'Undo'],
  [['Esc'], 'Cancel editing, close the chat'],
  [['?'], 'Show these shortcuts'],
];

/** The keyboard shortcuts, in a Radix dialog (focus trapped, Esc closes, focus returns). */
export function ShortcutsDialog(props: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog.Root open={props.open} onOpenChange={props.onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="dialog" aria-describedby={undefined}>
          <Dialog.Title>Keyboard shortcuts</Dialog.Title>
          <table className="shortcuts">
            <tbody>
              {shortcuts.map(([keys, does]) => (
                <tr key={does}>
                  <td>
                    {keys.map((k, i) => (
                      <span key={k}>
                        {i > 0 && ' or '}
                        <kbd>{k}</kbd>
                      </span>
                    ))}
                  </td>
                  <td>{does}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Dialog.Close asChild>
            <button type="button">Close</button>
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
