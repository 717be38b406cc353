import { useApp } from '../../store/context';
import { DialogShell } from '../panel/DialogShell';
import { helpRows } from './actions';

const ROWS = helpRows();

/** The `?` dialog: every shortcut, from the action table. A native modal <dialog> (focus trapped, Esc closes). */
export function ShortcutsDialog() {
  const open = useApp((s) => s.shortcutsOpen);
  const setOpen = useApp((s) => s.setShortcutsOpen);
  return (
    <DialogShell
      open={open}
      name="shortcuts"
      title="Keyboard shortcuts"
      className="shortcuts-dialog"
      testId="shortcuts-dialog"
      onClose={() => setOpen(false)}
    >
      <table>
        <tbody>
          {ROWS.map((row) => (
            <tr key={row.help}>
              <td className="nowrap">
                {row.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 ? ' or ' : ''}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </td>
              <td>{row.help}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        Space and the arrows work anywhere except in text fields. Tab reaches every control; Enter activates
        the focused button or selects the focused connection.
      </p>
      <form method="dialog">
        <button type="submit" className="primary">
          Close
        </button>
      </form>
    </DialogShell>
  );
}
