/**
 * A panel about the current run: the `PanelShell` frame, whatever comes first (`children`, e.g. a
 * legend), then `body(run)` — or "Simulating…" until the first run is there.
 */
import type { ReactNode } from 'react';
import { useApp } from '../../store/context';
import type { RunData } from '../../store/types';
import { PanelShell, type PanelShellProps, Simulating } from './PanelShell';

export type RunPanelProps = Omit<PanelShellProps, 'children'> & {
  body: (run: RunData) => ReactNode;
  children?: ReactNode;
};

export function RunPanel({ body, children, ...shell }: RunPanelProps) {
  const run = useApp((s) => s.run);
  return (
    <PanelShell {...shell}>
      {children}
      {run ? body(run) : <Simulating />}
    </PanelShell>
  );
}
