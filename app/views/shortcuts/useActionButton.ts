/**
 * A button's props for an action of the table (`actions.ts`): what it does, whether it can be
 * pressed, its tooltip and `aria-keyshortcuts` (its first key), its accessible name when it shows
 * only an icon. Spread them on the `<button>`: `<button type="button" {...useActionButton('stepForward')}>`.
 */
import { useApp, useAppStore } from '../../store/context';
import { ACTION, type ActionName, actionTitle, ariaKeys } from './actions';

export interface ActionButtonProps {
  onClick: () => void;
  disabled: boolean;
  title: string | undefined;
  'aria-keyshortcuts': string;
  'aria-label': string | undefined;
}

export function useActionButton(name: ActionName): ActionButtonProps {
  const store = useAppStore();
  const action = ACTION[name];
  // Both selectors return primitives: a re-render only when the answer changes.
  const enabled = useApp((s) => action.enabled?.(s) ?? true);
  const title = useApp((s) => actionTitle(action, s));
  return {
    onClick: () => action.perform(store.getState()),
    disabled: !enabled,
    title,
    'aria-keyshortcuts': ariaKeys(name),
    'aria-label': action.label,
  };
}
