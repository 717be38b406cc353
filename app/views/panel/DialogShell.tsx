/**
 * The frame of the page's modal dialogs (lessons, shortcuts, files): a native `<dialog>` that
 * follows `open` (`useModalDialog`: focus trapped, Esc closes and calls `onClose`), labelled by
 * its `<h2>`, whose id is `${name}-title`; class `modal-dialog` (border and backdrop, styles.css)
 * before its own. Extra attributes (`data-*`, drag handlers) go on the dialog.
 */
import type { DialogHTMLAttributes, ReactNode } from 'react';
import { useModalDialog } from '../useModalDialog';

export type DialogShellProps = {
  open: boolean;
  /** Names the heading id: `${name}-title`. */
  name: string;
  title: ReactNode;
  className: string;
  testId: string;
  onClose: () => void;
  children?: ReactNode;
} & Omit<DialogHTMLAttributes<HTMLDialogElement>, 'title' | 'className' | 'onClose' | 'open' | 'children'>;

export function DialogShell({
  open,
  name,
  title,
  className,
  testId,
  onClose,
  children,
  ...rest
}: DialogShellProps) {
  const ref = useModalDialog(open);
  const titleId = `${name}-title`;
  return (
    <dialog
      ref={ref}
      className={`modal-dialog ${className}`}
      aria-labelledby={titleId}
      data-testid={testId}
      onClose={onClose}
      {...rest}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}
