/**
 * The legend: what each segment shape means, the timers, and — first — what the red (race window)
 * and the violet (stale) mean, in the words the trace analyses use (sim-core raceWindowsWords.ts).
 */
import { INTERVAL_WORDS } from '../../../sim-core';
import { COLORS, SEGMENT_ORDER, SEGMENT_STYLES, shapePath } from '../theme';

function Glyph({ kind }: { kind: (typeof SEGMENT_ORDER)[number] }) {
  const s = SEGMENT_STYLES[kind];
  if (s.shape === 'pill') {
    return (
      <svg width="30" height="14" viewBox="-15 -7 30 14" aria-hidden="true">
        <rect x={-14} y={-6} width={28} height={12} rx={6} fill={s.color} />
      </svg>
    );
  }
  return (
    <svg width="16" height="16" viewBox="-8 -8 16 16" aria-hidden="true">
      <path
        d={shapePath(s.shape, 12)}
        fill={s.shape === 'hollow-diamond' ? '#fff' : s.color}
        stroke={s.color}
        strokeWidth={s.shape === 'hollow-diamond' ? 2.2 : 1}
      />
    </svg>
  );
}

function Ring({ color }: { color: string }) {
  return (
    <svg width="18" height="18" viewBox="-9 -9 18 18" aria-hidden="true">
      <circle r="6.5" fill="none" stroke="#e3e7ee" strokeWidth="3" />
      <path d="M0,-6.5A6.5,6.5 0 1 1 -6.5,0" fill="none" stroke={color} strokeWidth="3" />
    </svg>
  );
}

export function Legend() {
  return (
    <div className="legend" data-testid="legend">
      <ul className="legend-race" aria-label="Belief against reality">
        <li>
          <span className="race-swatch" aria-hidden="true" />
          <span data-testid="legend-race-window">
            <strong className="race-word">Race window</strong>: {INTERVAL_WORDS['race-window'].definition}
          </span>
        </li>
        <li>
          <span className="race-swatch stale" aria-hidden="true" />
          <span data-testid="legend-stale">
            <strong className="race-word stale">Stale</strong>: {INTERVAL_WORDS.stale.definition}
          </span>
        </li>
      </ul>
      <ul className="legend-items" aria-label="Segments on the wire">
        {SEGMENT_ORDER.map((k) => (
          <li key={k}>
            <Glyph kind={k} />
            <span>
              <strong style={{ color: SEGMENT_STYLES[k].textColor }}>{SEGMENT_STYLES[k].name}</strong>{' '}
              <span className="muted">{SEGMENT_STYLES[k].description}</span>
            </span>
          </li>
        ))}
        <li>
          <Ring color={COLORS.idleTimer} />
          <span>
            <strong>idle</strong> <span className="muted">server’s keep-alive timer</span>
          </span>
        </li>
        <li>
          <Ring color={COLORS.expiry} />
          <span>
            <strong>exp</strong> <span className="muted">client’s own idle expiry</span>
          </span>
        </li>
      </ul>
    </div>
  );
}
