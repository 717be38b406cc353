/** The timeline panel: the current run's sequence timeline with its lanes explained. */
import { useApp } from '../../store/context';
import { PanelShell, Simulating } from '../panel/PanelShell';
import { COLORS, STATE_TONES } from '../theme';
import { TimelineView } from './TimelineView';

export function TimelineLegend() {
  return (
    <ul className="tl-legend" aria-label="What the timeline shows">
      <li>
        <span className="tl-sw tl-sw-race" aria-hidden="true" /> race window: a request sent then crosses the
        server’s FIN on the wire
      </li>
      <li>
        <span className="tl-sw tl-sw-stale" aria-hidden="true" /> stale: the FIN has arrived, the pool still
        believes it reusable
      </li>
      <li>
        <span className="tl-sw tl-sw-eof" aria-hidden="true">
          !
        </span>{' '}
        EOF read while h11’s server role was SEND_RESPONSE
      </li>
      <li>
        <span className="tl-sw tl-sw-bar" style={{ background: COLORS.idleTimer }} aria-hidden="true" />{' '}
        server idle timer
      </li>
      <li>
        <span className="tl-sw tl-sw-bar" style={{ background: COLORS.expiry }} aria-hidden="true" /> client
        expiry
      </li>
      <li>
        <span className="tl-sw tl-sw-pair" aria-hidden="true" /> request → response
      </li>
      <li>
        <span className="tl-sw tl-sw-fail" aria-hidden="true">
          ✕
        </span>{' '}
        failed attempt
      </li>
      <li>
        <span className="tl-sw tl-sw-warn" style={{ background: STATE_TONES.warn.fill }} aria-hidden="true" />{' '}
        CLOSE-WAIT: FIN arrived, EOF waiting unread
      </li>
    </ul>
  );
}

export function TimelinePanel() {
  const run = useApp((s) => s.run);
  return (
    <PanelShell
      name="timeline"
      title="Timeline"
      intro="One row per connection at a time: the pool’s belief, both sockets and both h11 states, with every segment drawn from send to delivery."
      wide
      className="tl-panel"
      testId="timeline-panel"
    >
      <TimelineLegend />
      {run ? (
        <TimelineView run={run} variant="main" label="Sequence timeline of the current run" />
      ) : (
        <Simulating />
      )}
    </PanelShell>
  );
}
