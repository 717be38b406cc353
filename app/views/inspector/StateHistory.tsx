/**
 * A connection's states over time: one mini-lane per machine across the connection's life (or a
 * window of it), the cursor as a line (moved transiently), and the list of transitions with their
 * causes — each a button that moves the cursor there.
 */
import { scaleLinear } from 'd3';
import { useEffect, useMemo, useRef } from 'react';
import {
  type ConnSpans,
  formatInstant,
  STATE_LANE_NAMES,
  STATE_LANES,
  type StateLane,
} from '../../../sim-core';
import { useAppStore } from '../../store/context';
import { useGuard } from '../boundary/useGuard';
import { COLORS } from '../theme';
import { stateLook } from '../timeline/model';

const W = 560;
const LANE = 15;
const LABEL_W = 78;

export interface StateHistoryProps {
  conn: ConnSpans;
  /** Show only this window of the connection's life (µs); default: all of it. */
  window?: [number, number];
  decimals: number;
}

export function StateHistory({ conn, window, decimals }: StateHistoryProps) {
  const store = useAppStore();
  const guard = useGuard();
  const cursorRef = useRef<SVGLineElement>(null);
  const [from, to] = window ?? [conn.start, Math.max(conn.end, conn.start + 1)];
  const x = useMemo(
    () =>
      scaleLinear()
        .domain([from, to])
        .range([LABEL_W, W - 4]),
    [from, to],
  );
  const height = STATE_LANES.length * LANE + 22;

  useEffect(() => {
    const line = cursorRef.current;
    if (!line) return;
    const place = (t: number) => {
      const inside = t >= from && t <= to;
      line.setAttribute('visibility', inside ? 'visible' : 'hidden');
      if (inside) {
        line.setAttribute('x1', String(x(t)));
        line.setAttribute('x2', String(x(t)));
      }
    };
    place(store.getState().cursorUs);
    return store.subscribe((s) => s.cursorUs, guard(place));
  }, [store, x, from, to, guard]);

  const transitions = useMemo(() => {
    const out: {
      lane: StateLane;
      t: number;
      state: string;
      from: string | null;
      cause: string;
      seq: number;
    }[] = [];
    for (const lane of STATE_LANES) {
      const list = conn.states[lane];
      for (let i = 0; i < list.length; i++) {
        const s = list[i]!;
        if (s.seq < 0 || s.start < from || s.start > to) continue;
        out.push({
          lane,
          t: s.start,
          state: s.state,
          from: list[i - 1]?.state ?? null,
          cause: s.cause,
          seq: s.seq,
        });
      }
    }
    return out.sort((a, b) => a.seq - b.seq);
  }, [conn, from, to]);

  const seek = (t: number) => {
    const s = store.getState();
    s.pause();
    s.seek(t);
  };

  return (
    <div className="sh">
      <svg
        className="sh-svg"
        viewBox={`0 0 ${W} ${height}`}
        role="img"
        aria-label={`States of connection #${conn.conn} over time`}
      >
        {STATE_LANES.map((lane, i) => {
          const y = i * LANE + 2;
          return (
            <g key={lane}>
              <text x={LABEL_W - 6} y={y + LANE / 2 + 3} textAnchor="end" className="sh-label">
                {STATE_LANE_NAMES[lane]}
              </text>
              {conn.states[lane]
                .filter((s) => s.end > from && s.start < to)
                .map((s) => {
                  const look = stateLook(lane, s.state);
                  if (!look.fill) return null;
                  const x0 = x(Math.max(s.start, from));
                  const x1 = Math.max(x0 + 1, x(Math.min(s.end, to)));
                  return (
                    <rect
                      key={`${s.seq}:${s.start}`}
                      x={x0}
                      y={y}
                      width={x1 - x0}
                      height={LANE - 3}
                      fill={look.fill}
                    >
                      <title>{`${STATE_LANE_NAMES[lane]}: ${s.state} from ${formatInstant(s.start, decimals)} (${s.cause})`}</title>
                    </rect>
                  );
                })}
            </g>
          );
        })}
        {conn.timers
          .filter(
            (tm) => (tm.timer === 'idle-timer' || tm.timer === 'expiry') && tm.end > from && tm.armedAt < to,
          )
          .map((tm) => {
            const lane = tm.timer === 'idle-timer' ? 5 : 0;
            const x0 = x(Math.max(tm.armedAt, from));
            const x1 = Math.max(x0 + 1, x(Math.min(tm.end, to)));
            return (
              <rect
                key={`${tm.timer}:${tm.armedAt}`}
                x={x0}
                y={lane * LANE + LANE - 2}
                width={x1 - x0}
                height={2.5}
                fill={tm.timer === 'idle-timer' ? COLORS.idleTimer : COLORS.expiry}
              />
            );
          })}
        <text x={LABEL_W} y={height - 4} className="sh-axis">
          {formatInstant(from, decimals)}
        </text>
        <text x={W - 4} y={height - 4} textAnchor="end" className="sh-axis">
          {formatInstant(to, decimals)}
        </text>
        <line ref={cursorRef} className="sh-cursor" y1={0} y2={STATE_LANES.length * LANE + 2} />
      </svg>
      <details className="sh-details">
        <summary>
          {transitions.length} state {transitions.length === 1 ? 'change' : 'changes'} in this range
        </summary>
        <ol className="sh-list">
          {transitions.map((tr) => (
            <li key={tr.seq}>
              <button type="button" className="link-button sh-time" onClick={() => seek(tr.t)}>
                {formatInstant(tr.t, decimals)}
              </button>{' '}
              <span className="muted">{STATE_LANE_NAMES[tr.lane]}</span> {tr.from ? `${tr.from} → ` : ''}
              <strong>{tr.state}</strong> <span className="muted">({tr.cause})</span>
            </li>
          ))}
        </ol>
      </details>
    </div>
  );
}
