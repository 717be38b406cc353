import { useEffect, useRef } from 'react';

/**
 * A native modal <dialog> that follows `open`: showModal() traps focus and Esc closes it (the
 * dialog's `onClose` should then set `open` to false).
 */
export function useModalDialog(open: boolean) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return ref;
}
