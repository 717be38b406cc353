/**
 * A fault for the e2e suite's error-boundary test, in e2e builds only (`vite build --mode e2e`,
 * which playwright.config.ts uses): `window.__rwPanelFault = 'timeline'` makes that panel throw
 * while it renders; `'timeline:cursor'` makes it throw at the next cursor move (from a store
 * subscription, through useGuard). In every other build `ENABLED` is the constant false, so the
 * probe renders nothing and the check is compiled out: no production backdoor.
 */
import { useEffect } from 'react';
import { useAppStore } from '../../store/context';
import { useGuard } from './useGuard';

const ENABLED = import.meta.env.MODE === 'e2e';

declare global {
  interface Window {
    __rwPanelFault?: string | null;
  }
}

const fault = (): string | null => (ENABLED ? (window.__rwPanelFault ?? null) : null);

export function FaultProbe({ panel }: { panel: string }) {
  if (!ENABLED) return null;
  return <ArmedProbe panel={panel} />;
}

function ArmedProbe({ panel }: { panel: string }) {
  const store = useAppStore();
  const guard = useGuard();
  useEffect(
    () =>
      store.subscribe(
        (s) => s.cursorUs,
        guard(() => {
          if (fault() === `${panel}:cursor`)
            throw new Error(`test fault: the ${panel} panel threw in a store subscription`);
        }),
      ),
    [store, guard, panel],
  );
  if (fault() === panel) throw new Error(`test fault: the ${panel} panel threw while rendering`);
  return null;
}
