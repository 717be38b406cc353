/**
 * Conditional breakpoints, set from the UI: a list (each on/off, its hits in this run, previous /
 * next hit, remove) and a form to add one — a stale write, a hand-out near the server's timeout
 * (within X ms), any failure, a retry. Playback pauses at the first hit of an enabled one after
 * the cursor (store/breakpointSlice.ts). The list travels in the link (`bp=`).
 */
import { type FormEvent, useId, useMemo, useState } from 'react';
import { BREAKPOINT_KINDS, type BreakpointCondition, describeCondition } from '../../../sim-core';
import { hitsFor } from '../../store/breakpointHits';
import type { Breakpoint } from '../../store/breakpointSlice';
import { useApp } from '../../store/context';
import './breakpoints.css';

type Kind = (typeof BREAKPOINT_KINDS)[number];

export const KIND_LABELS: Record<Kind, string> = {
  'stale-write': 'Stale write — a request written to a connection the server already closed',
  'near-timeout': 'Near the timeout — a connection handed out close to the server’s idle timeout',
  failure: 'Any failure — a request ends failed',
  retry: 'A retry — the client retries a request',
};

/** Short names for the list and the transport's "paused at" line. */
export const KIND_NAMES: Record<string, string> = {
  'stale-write': 'Stale write',
  'near-timeout': 'Near timeout',
  failure: 'Failure',
  retry: 'Retry',
  event: 'Event',
  lesson: 'Lesson step',
};

export function breakpointName(b: Breakpoint): string {
  const name = KIND_NAMES[b.condition.kind] ?? b.condition.kind;
  return b.condition.kind === 'near-timeout' ? `${name} (±${b.condition.withinMs} ms)` : name;
}

/** A breakpoint's previous / next hit buttons. */
const JUMPS = [
  { dir: -1, label: 'Previous', arrow: '◂', testId: 'breakpoint-prev' },
  { dir: 1, label: 'Next', arrow: '▸', testId: 'breakpoint-next' },
] as const;

function BreakpointRow({ b }: { b: Breakpoint }) {
  const run = useApp((s) => s.run);
  const toggle = useApp((s) => s.toggleBreakpoint);
  const remove = useApp((s) => s.removeBreakpoint);
  const jump = useApp((s) => s.jumpToHit);
  const hits = useMemo(() => (run ? hitsFor(run.trace, b.condition).length : null), [run, b.condition]);
  const id = useId();
  const name = breakpointName(b);
  return (
    <li
      className={`bp-row${b.enabled ? '' : ' bp-off'}`}
      data-testid="breakpoint"
      data-bp={b.id}
      data-enabled={b.enabled}
    >
      <label className="check bp-check" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={b.enabled}
          onChange={(e) => toggle(b.id, e.target.checked)}
          data-testid="breakpoint-toggle"
        />
        <span>
          <strong>{name}</strong> <span className="muted">— pause when {describeCondition(b.condition)}</span>
        </span>
      </label>
      <span className="bp-hits" data-testid="breakpoint-hits">
        {hits === null ? '' : hits === 0 ? 'never in this run' : `${hits} in this run`}
      </span>
      <span className="bp-actions">
        {JUMPS.map((j) => (
          <button
            key={j.dir}
            type="button"
            onClick={() => jump(b.id, j.dir)}
            disabled={!hits}
            aria-label={`${j.label}: ${name}`}
            title={`Go to the ${j.label.toLowerCase()} place it holds`}
            data-testid={j.testId}
          >
            {j.arrow}
          </button>
        ))}
        <button
          type="button"
          className="bp-remove"
          onClick={() => remove(b.id)}
          aria-label={`Remove: ${name}`}
          title="Remove this breakpoint"
          data-testid="breakpoint-remove"
        >
          ×
        </button>
      </span>
    </li>
  );
}

function AddBreakpoint() {
  const add = useApp((s) => s.addBreakpoint);
  const [kind, setKind] = useState<Kind>('stale-write');
  const [within, setWithin] = useState('50');
  const [error, setError] = useState<string | null>(null);
  const kindId = useId();
  const withinId = useId();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    let condition: BreakpointCondition;
    if (kind === 'near-timeout') {
      const text = within.trim();
      const ms = text === '' ? Number.NaN : Number(text);
      if (!Number.isFinite(ms)) {
        setError(`“${text}” is not a number: give the window in ms, above 0 and at most 60000.`);
        return;
      }
      condition = { kind, withinMs: ms };
    } else condition = { kind } as BreakpointCondition;
    const problems = add(condition);
    if (problems.length > 0) {
      // The sim-core message names the field in its own terms; say it in the form's.
      setError(problems[0]!.replace('breakpoint "withinMs"', 'Within'));
      return;
    }
    setError(null);
  };

  return (
    <form className="bp-add" onSubmit={submit} data-testid="breakpoint-add" noValidate>
      <div className="field bp-kind">
        <label htmlFor={kindId}>Pause when</label>
        <select
          id={kindId}
          value={kind}
          onChange={(e) => {
            setKind(e.target.value as Kind);
            setError(null);
          }}
          data-testid="breakpoint-kind"
        >
          {BREAKPOINT_KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </div>
      {kind === 'near-timeout' ? (
        <div className="field bp-within">
          <label htmlFor={withinId}>Within (ms)</label>
          <input
            id={withinId}
            type="text"
            inputMode="decimal"
            value={within}
            onChange={(e) => setWithin(e.target.value)}
            aria-invalid={error !== null}
            aria-describedby={error ? `${withinId}-error` : undefined}
            data-testid="breakpoint-within"
          />
        </div>
      ) : null}
      <button type="submit" className="primary bp-add-button" data-testid="breakpoint-add-button">
        Add breakpoint
      </button>
      {error ? (
        <p
          className="field-error bp-error"
          id={`${withinId}-error`}
          role="alert"
          data-testid="breakpoint-error"
        >
          {error}
        </p>
      ) : null}
    </form>
  );
}

/** The list and the form, shown under the transport when its Breakpoints button is pressed. */
export function BreakpointsPanel({ id }: { id: string }) {
  const list = useApp((s) => s.breakpoints);
  const named = list.filter((b) => b.condition.kind !== 'event');
  return (
    <section className="bp-panel" id={id} aria-label="Breakpoints" data-testid="breakpoints-panel">
      <p className="muted small bp-intro">
        Playback pauses at the first place after the cursor where an enabled breakpoint holds, and selects
        what it concerns. They are part of the link you copy.
      </p>
      {named.length === 0 ? (
        <p className="muted bp-empty" data-testid="breakpoints-empty">
          No breakpoints: playback runs to the end.
        </p>
      ) : (
        <ul className="bp-list">
          {named.map((b) => (
            <BreakpointRow key={b.id} b={b} />
          ))}
        </ul>
      )}
      <AddBreakpoint />
    </section>
  );
}

/** The transport's button that shows the panel, with how many breakpoints are on. */
export function useBreakpointCount(): number {
  return useApp((s) => s.breakpoints.filter((b) => b.enabled).length);
}
