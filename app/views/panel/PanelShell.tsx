/**
 * The frame every panel below the stage shares: a `<section class="panel">` labelled by its `<h2>`,
 * a head with the title, an optional one-line intro (muted, small) and optional head actions, then
 * the body. `Simulating` is what a panel shows while there is no run yet.
 *
 * The heading's id is `${name}-heading`; extra attributes (`data-*`, `id`) go on the section.
 */
import type { HTMLAttributes, ReactNode } from 'react';

export type PanelShellProps = {
  /** Names the heading id: `${name}-heading`. */
  name: string;
  /** The `<h2>` content. */
  title: ReactNode;
  /** One line under the title (`<p class="muted small">`). */
  intro?: ReactNode;
  /** Controls at the end of the head (e.g. a Clear button). */
  actions?: ReactNode;
  /** Spans the whole row of panels (`panel-wide`). */
  wide?: boolean;
  /** Classes added after `panel` / `panel-wide`. */
  className?: string;
  testId: string;
  children?: ReactNode;
} & Omit<HTMLAttributes<HTMLElement>, 'title' | 'className' | 'children'>;

export function PanelShell({
  name,
  title,
  intro,
  actions,
  wide = false,
  className,
  testId,
  children,
  ...rest
}: PanelShellProps) {
  const headingId = `${name}-heading`;
  const classes = ['panel', wide ? 'panel-wide' : null, className ?? null].filter(Boolean).join(' ');
  return (
    <section className={classes} aria-labelledby={headingId} data-testid={testId} {...rest}>
      <div className="panel-head">
        <h2 id={headingId}>{title}</h2>
        {intro !== undefined ? <p className="muted small">{intro}</p> : null}
        {actions}
      </div>
      {children}
    </section>
  );
}

/** The body of a panel while the first run is still computing. */
export function Simulating() {
  return <p className="muted">Simulating…</p>;
}
