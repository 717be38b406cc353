/**
 * The event log: every trace event as a row (time, entity, kind, detail), filtered by kind,
 * connection, request, outcome, free text and (optionally) the timeline's visible range.
 * Linked both ways through the store: choosing a row moves the cursor to it and selects its
 * entity (so the stage, timeline and inspector show it); a selection made anywhere highlights
 * its rows here and scrolls to the one nearest the cursor.
 *
 * React renders the filters; the rows are drawn by LogList (virtualised, imperative), which
 * follows the cursor through a transient subscription.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { TraceEvent } from '../../../sim-core';
import {
  EVENT_GROUP_NAMES,
  EVENT_GROUPS,
  type EventGroup,
  eventDetail,
  eventEntity,
  eventFacets,
  eventKindLabel,
  filterEvents,
  formatInstant,
  isFilterEmpty,
  type OutcomeFilter,
} from '../../../sim-core';
import { formatCount } from '../../format';
import { useApp, useAppStore } from '../../store/context';
import type { RunData } from '../../store/types';
import { useGuard } from '../boundary/useGuard';
import { RunPanel } from '../panel/RunPanel';
import { LogList, rowEntity } from './logList';
import './log.css';

const facetsCache = new WeakMap<readonly TraceEvent[], ReturnType<typeof eventFacets>>();
function facetsOf(trace: readonly TraceEvent[]) {
  let f = facetsCache.get(trace);
  if (!f) {
    f = eventFacets(trace);
    facetsCache.set(trace, f);
  }
  return f;
}

const OUTCOMES: { value: OutcomeFilter; label: string }[] = [
  { value: 'any', label: 'any outcome' },
  { value: 'ok', label: 'ok' },
  { value: 'ok-after-retry', label: 'ok after retry' },
  { value: 'failed', label: 'failed' },
  { value: 'indeterminate', label: 'indeterminate' },
];

/** A whole number ≥ 1 from a text field, null for empty; undefined when invalid. */
function parseId(text: string): number | null | undefined {
  const t = text.trim().replace(/^#/, '');
  if (t === '') return null;
  const n = Number(t);
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}

function IdField({
  label,
  value,
  onChange,
  testId,
  placeholder,
}: {
  label: string;
  value: number | null;
  onChange: (v: number | null) => void;
  testId: string;
  placeholder: string;
}) {
  const [text, setText] = useState(value === null ? '' : String(value));
  useEffect(() => setText(value === null ? '' : String(value)), [value]);
  const parsed = parseId(text);
  const invalid = parsed === undefined;
  return (
    <label className="log-field">
      <span>{label}</span>
      <input
        type="text"
        inputMode="numeric"
        value={text}
        placeholder={placeholder}
        aria-invalid={invalid}
        data-testid={testId}
        onChange={(e) => {
          setText(e.target.value);
          const v = parseId(e.target.value);
          if (v !== undefined) onChange(v);
        }}
        className="log-id"
        title={invalid ? `${label}: a whole number from 1, e.g. 3` : undefined}
      />
    </label>
  );
}

function LogRows({ run }: { run: RunData }) {
  const store = useAppStore();
  const filter = useApp((s) => s.logFilter);
  const setLogFilter = useApp((s) => s.setLogFilter);
  const resetLogFilter = useApp((s) => s.resetLogFilter);
  const selection = useApp((s) => s.selection);
  const [follow, setFollow] = useState(true);
  const viewportRef = useRef<HTMLDivElement>(null);
  const fullRef = useRef<HTMLParagraphElement>(null);
  const listRef = useRef<LogList | null>(null);
  const guard = useGuard();
  const facets = facetsOf(run.trace);

  const groupCounts = useMemo(() => {
    const counts = new Array<number>(EVENT_GROUPS.length).fill(0);
    for (let i = 0; i < facets.count; i++) counts[facets.group[i]!]!++;
    return counts;
  }, [facets]);

  const rows = useMemo(
    () => filterEvents(run.trace, facets, run.index.requests, filter),
    [run, facets, filter],
  );

  useEffect(() => {
    const vp = viewportRef.current;
    if (!vp) return;
    const list = new LogList(vp, {
      activate: (seq) => {
        const s = store.getState();
        const e = run.trace[seq];
        if (!e) return;
        s.pause();
        s.seek(e.t);
        const sel = rowEntity(facets, seq);
        if (sel) s.select(sel);
      },
      // The whole row, wrapped, below the list: what a cut detail cell says, for the keyboard too.
      show: (seq) => {
        const el = fullRef.current;
        const e = run.trace[seq];
        if (!el) return;
        el.dataset.seq = String(seq);
        el.textContent = e
          ? `${formatInstant(e.t, 6)} · ${eventEntity(e)} · ${eventKindLabel(e)} — ${eventDetail(e)}`
          : '';
      },
    });
    listRef.current = list;
    return () => {
      list.destroy();
      listRef.current = null;
    };
  }, [store, run, facets]);

  useEffect(() => {
    const list = listRef.current;
    if (!list) return;
    list.setData(run.trace, facets, rows);
    list.setCursor(store.getState().cursorUs);
    list.setSelection(store.getState().selection, false);
  }, [rows, run, facets, store]);

  useEffect(() => {
    listRef.current?.setFollow(follow);
  }, [follow]);

  useEffect(() => {
    const unsubs = [
      store.subscribe(
        (s) => s.cursorUs,
        guard((t) => listRef.current?.setCursor(t)),
      ),
      store.subscribe(
        (s) => s.selection,
        guard((sel) => listRef.current?.setSelection(sel, true)),
      ),
    ];
    return () => {
      for (const u of unsubs) u();
    };
  }, [store, guard]);

  // "Only the timeline's range": follow the visible range, debounced (it changes every zoom frame).
  const inRange = filter.range !== null;
  useEffect(() => {
    if (!inRange) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsub = store.subscribe(
      (s) => s.timelineDomain,
      (d) => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => {
          store.getState().setLogFilter({ range: d ? [d[0], d[1]] : [0, run.index.endAt] });
        }, 150);
      },
    );
    return () => {
      if (timer) clearTimeout(timer);
      unsub();
    };
  }, [inRange, store, run]);

  const toggleGroup = (g: EventGroup) => {
    const has = filter.groups.includes(g);
    setLogFilter({ groups: has ? filter.groups.filter((x) => x !== g) : [...filter.groups, g] });
  };
  const selectionFilter = () => {
    if (!selection) return;
    if (selection.kind === 'conn') setLogFilter({ conn: selection.id, req: null });
    else if (selection.kind === 'req') setLogFilter({ req: selection.id, conn: null });
    else {
      const row = run.index.segments.rowOfSeg[selection.id] ?? -1;
      if (row >= 0) setLogFilter({ conn: run.index.segments.conn[row]!, req: null });
    }
  };

  return (
    <>
      <form className="log-filters" aria-label="Filter the event log" onSubmit={(e) => e.preventDefault()}>
        <fieldset className="log-groups">
          <legend className="sr-only">Kinds of event</legend>
          {EVENT_GROUPS.map((g, i) => (
            <button
              key={g}
              type="button"
              className="log-chip"
              aria-pressed={filter.groups.includes(g)}
              onClick={() => toggleGroup(g)}
              data-testid={`log-group-${g}`}
            >
              {EVENT_GROUP_NAMES[g]}{' '}
              <span className="log-chip-count">{formatCount(groupCounts[i] ?? 0)}</span>
            </button>
          ))}
        </fieldset>
        <div className="log-filter-row">
          <IdField
            label="Connection"
            value={filter.conn}
            onChange={(conn) => setLogFilter({ conn })}
            testId="log-conn"
            placeholder="#"
          />
          <IdField
            label="Request"
            value={filter.req}
            onChange={(req) => setLogFilter({ req })}
            testId="log-req"
            placeholder="id"
          />
          <label className="log-field">
            <span>Outcome</span>
            <select
              value={filter.outcome}
              onChange={(e) => setLogFilter({ outcome: e.target.value as OutcomeFilter })}
              data-testid="log-outcome"
            >
              {OUTCOMES.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>
          <label className="log-field log-search">
            <span>Search</span>
            <input
              type="search"
              value={filter.text}
              placeholder="e.g. RST, CLOSE-WAIT, RemoteProtocolError"
              onChange={(e) => setLogFilter({ text: e.target.value })}
              data-testid="log-search"
            />
          </label>
        </div>
        <div className="log-filter-row log-toggles">
          <label className="log-check">
            <input
              type="checkbox"
              checked={inRange}
              onChange={(e) => {
                const d = store.getState().timelineDomain;
                setLogFilter({ range: e.target.checked ? (d ? [d[0], d[1]] : [0, run.index.endAt]) : null });
              }}
              data-testid="log-in-range"
            />
            only the timeline’s visible range
          </label>
          <label className="log-check">
            <input
              type="checkbox"
              checked={follow}
              onChange={(e) => setFollow(e.target.checked)}
              data-testid="log-follow"
            />
            follow the cursor
          </label>
          <button
            type="button"
            className="small-button"
            disabled={!selection}
            onClick={selectionFilter}
            data-testid="log-filter-selection"
          >
            Only the selection
          </button>
          <button
            type="button"
            className="small-button"
            disabled={isFilterEmpty(filter)}
            onClick={resetLogFilter}
            data-testid="log-clear"
          >
            Clear filters
          </button>
          <span className="log-count muted small" data-testid="log-count" aria-live="polite">
            {formatCount(rows.length)} of {formatCount(run.trace.length)} events
          </span>
        </div>
      </form>
      <div className="log-table">
        <div className="log-row log-head" aria-hidden="true">
          <span className="log-time">time</span>
          <span className="log-entity">entity</span>
          <span className="log-kind">kind</span>
          <span className="log-detail">detail</span>
        </div>
        <div
          className="log-viewport"
          ref={viewportRef}
          tabIndex={0}
          role="listbox"
          aria-label="Trace events (time, entity, kind, detail); arrow keys move through them"
          data-testid="log-rows"
        />
        {rows.length === 0 ? <p className="log-empty muted">No event matches these filters.</p> : null}
      </div>
      <p className="log-full" ref={fullRef} data-testid="log-full-detail" />
    </>
  );
}

export function LogPanel() {
  return (
    <RunPanel
      name="log"
      title="Event log"
      intro="Click a row to move the cursor there and select what it concerns."
      className="log-panel"
      testId="log-panel"
      body={(run) => <LogRows run={run} key={run.runId} />}
    />
  );
}
