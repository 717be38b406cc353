/**
 * The stage as a table, for people who cannot use the picture: one row per connection near the
 * cursor — what the pool believes, the request on it, both sockets (TCP and h11), the server
 * application, the server's idle timer, and whether it is stale, in its race window or failed — from the same model the
 * stage draws (stage/model.ts). A real <table> with headers; each connection's number is a button
 * that selects it.
 *
 * The cursor moves every frame: the rows are written straight into the DOM from a transient
 * subscription, only when their text changes, and at most four times a second while playing.
 */
import { useEffect, useRef } from 'react';
import { formatInstant, TraceFolder, traceClient } from '../../../sim-core';
import { useApp, useAppStore } from '../../store/context';
import { activeHighlights } from '../../store/lessonSlice';
import type { AppState, Selection } from '../../store/types';
import { useGuard } from '../boundary/useGuard';
import { ActionChoice, type ChoiceSide } from '../shortcuts/ActionChoice';
import { WIRE_WIDTH } from '../stage/geometry';
import { type RowModel, stageContext, stageFrame } from '../stage/model';
import './table.css';

const PLAYING_INTERVAL_MS = 250;

export const COLUMNS = [
  'Connection',
  'Pool thinks',
  'Request',
  'Client socket',
  'Server socket',
  'Server app',
  'Server idle timer',
  'Stale / race window / failure',
] as const;

/** A stage caption as running text: `STALE · FIN arrived 1.2 s ago` → `stale: FIN arrived 1.2 s ago`. */
export const captionText = (caption: string): string =>
  caption.replace(/^(STALE|RACE WINDOW) · /, (_m, w: string) => `${w.toLowerCase()}: `);

/** The text of each cell of a row (the first is the connection number). */
export function rowCells(r: RowModel): string[] {
  const side = (x: { tcp: string; h11: string; note: string | null } | null) =>
    x ? `${x.tcp} · h11 ${x.h11}${x.note ? ` (${x.note})` : ''}` : '—';
  const trouble = [
    r.race ? captionText(r.race.caption) : null,
    r.failure ? r.failure.short : null,
    r.retried ? r.retried.short : null,
  ].filter((x): x is string => x !== null);
  return [
    `#${r.conn}`,
    r.belief.label,
    r.request?.label ? `request ${r.request.req}: ${r.request.label}` : '—',
    side(r.client),
    side(r.server),
    r.app.label,
    r.idleTimer ? r.idleTimer.text : '—',
    trouble.length ? trouble.join('; ') : '—',
  ];
}

export function ConnectionTable() {
  const store = useAppStore();
  const guard = useGuard();
  const run = useApp((s) => s.run);
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const captionRef = useRef<HTMLSpanElement>(null);

  useEffect(() => {
    const body = bodyRef.current;
    if (!run || !body) return;
    const ctx = stageContext(run.index, traceClient(run.trace));
    const folder = new TraceFolder(run.trace, run.index.times, run.index.keyframes, run.index.foldOptions);
    let lastKey = '';
    let lastDrawAt = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const select = (sel: Selection) => store.getState().select(sel);

    const draw = () => {
      timer = null;
      lastDrawAt = performance.now();
      const s = store.getState();
      const active = activeHighlights(s);
      const highlights = active.length ? new Set(active) : null;
      const frame = stageFrame(ctx, folder.seek(s.cursorUs), s.cursorUs, s.selection, WIRE_WIDTH, highlights);
      if (captionRef.current) {
        const hidden = frame.hidden > 0 ? `; ${frame.hidden} more not listed` : '';
        const text = `at ${formatInstant(s.cursorUs, 6)}, ${frame.rows.length} connection${frame.rows.length === 1 ? '' : 's'}${hidden}`;
        if (captionRef.current.textContent !== text) captionRef.current.textContent = text;
      }
      const rows = frame.rows.map((r) => ({ r, cells: rowCells(r) }));
      const key = JSON.stringify(rows.map((x) => [x.cells, x.r.selected, x.r.highlighted]));
      if (key === lastKey) return;
      lastKey = key;
      const doc = body.ownerDocument;
      const trs = rows.map(({ r, cells }) => {
        const tr = doc.createElement('tr');
        tr.dataset.conn = String(r.conn);
        tr.setAttribute('data-testid', 'table-row');
        if (r.selected) tr.setAttribute('aria-current', 'true');
        if (r.race) tr.classList.add(r.race.kind === 'stale' ? 'stale' : 'race');
        if (r.failure) tr.classList.add('failed');
        if (r.highlighted) tr.classList.add('highlighted');
        cells.forEach((text, i) => {
          const cell = doc.createElement(i === 0 ? 'th' : 'td');
          if (i === 0) {
            cell.setAttribute('scope', 'row');
            const b = doc.createElement('button');
            b.type = 'button';
            b.textContent = text;
            b.setAttribute('aria-label', `Connection ${text}: select it`);
            b.addEventListener('click', () => select({ kind: 'conn', id: r.conn }));
            cell.append(b);
          } else cell.textContent = text;
          tr.append(cell);
        });
        return tr;
      });
      if (trs.length === 0) {
        const tr = doc.createElement('tr');
        const td = doc.createElement('td');
        td.colSpan = COLUMNS.length;
        td.className = 'muted';
        td.textContent = 'No connection at this moment.';
        tr.append(td);
        trs.push(tr);
      }
      // Keep keyboard focus on the same connection's button across a redraw.
      const focused = doc.activeElement?.closest?.('tr')?.getAttribute('data-conn') ?? null;
      body.replaceChildren(...trs);
      if (focused) body.querySelector<HTMLButtonElement>(`tr[data-conn="${focused}"] button`)?.focus();
    };

    const schedule = () => {
      if (!store.getState().playing) {
        if (timer !== null) clearTimeout(timer);
        draw();
        return;
      }
      if (timer !== null) return;
      const wait = Math.max(0, PLAYING_INTERVAL_MS - (performance.now() - lastDrawAt));
      timer = setTimeout(draw, wait);
    };
    draw();
    const unsubscribe = store.subscribe(
      (s) => [s.cursorUs, s.selection, s.playing, activeHighlights(s)] as const,
      guard(schedule),
      { equalityFn: (a, b) => a.every((x, i) => x === b[i]) },
    );
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [run, store, guard]);

  return (
    <section className="conn-table-wrap" aria-labelledby="conn-table-title" data-testid="connection-table">
      <table className="conn-table">
        <caption id="conn-table-title">
          Connections between Service A’s pool and the server <span ref={captionRef} />
        </caption>
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody ref={bodyRef} />
      </table>
      {run ? null : <p className="muted">Simulating…</p>}
    </section>
  );
}

const STAGE_MODES: readonly ChoiceSide<AppState['stageMode']>[] = [
  { value: 'visual', label: 'Picture', title: 'The animated stage', testId: 'stage-mode-visual' },
  {
    value: 'table',
    label: 'Table',
    title: 'The same connections and states as a table, for screen readers and keyboards',
    testId: 'stage-mode-table',
  },
];

/** Picture ⇄ table, above the stage (`T`), and whether playback is narrated to screen readers. */
export function StageModeToggle() {
  const mode = useApp((s) => s.stageMode);
  const setMode = useApp((s) => s.setStageMode);
  const narrate = useApp((s) => s.narrateLive);
  const setNarrate = useApp((s) => s.setNarrateLive);
  return (
    <fieldset className="stage-mode" data-testid="stage-mode">
      <button
        type="button"
        className="narrate-toggle"
        aria-pressed={narrate}
        onClick={() => setNarrate(!narrate)}
        title="Tell screen readers what happens during playback, in plain sentences (paced, never more than one ordinary sentence every 2.5 s; a stale reuse or a failure at once)"
        data-testid="narrate-toggle"
      >
        Narrate {narrate ? 'on' : 'off'}
      </button>
      <legend className="sr-only">Show the stage as</legend>
      <ActionChoice action="toggleStageMode" value={mode} onChoose={setMode} sides={STAGE_MODES} />
    </fieldset>
  );
}
