/**
 * The story at the cursor, in words: the selected request (waiting, in flight on which connection,
 * succeeded, or failed with the exact exception and one sentence of cause), else the latest failure,
 * else what to do first. Re-renders only when the story changes (a key selector), not per frame.
 * A connection's or segment's story is sim-core's (trace/explain.ts), the one the inspector tells,
 * here as of the cursor.
 */

import {
  type ConnectionStory,
  connectionAt,
  connectionStory,
  FAILURE_KIND_LABELS,
  type FailureInfo,
  formatDuration,
  kindOfFailure,
  type SegmentStory,
  segmentStory,
} from '../../../sim-core';
import { formatSimSeconds } from '../../format';
import { useApp, useAppStore } from '../../store/context';
import {
  lastFailureAtOrBefore,
  type RequestStatus,
  requestStatusAt,
  requestStatusKey,
} from '../../store/queries';
import type { AppState } from '../../store/types';

function storyKey(s: AppState): string {
  if (!s.run) return 'none';
  const sel = s.selection;
  if (sel?.kind === 'req')
    return `req:${sel.id}:${requestStatusKey(s.run.index, sel.id, s.cursorUs)}:${s.run.runId}`;
  if (sel?.kind === 'conn') {
    // What the card shows of the connection as of the cursor (cheap: the index's facts).
    const c = connectionAt(s.run.index, sel.id, s.cursorUs);
    const shown = c && [
      c.requests.map((r) => r.req),
      c.asOf.serverClosedAt,
      c.asOf.finArrivedAt,
      c.asOf.discarded,
      c.race,
      c.doneAt,
    ];
    return `conn:${sel.id}:${JSON.stringify(shown)}:${s.run.runId}`;
  }
  if (sel?.kind === 'seg') return `seg:${sel.id}:${s.run.runId}`;
  const f = lastFailureAtOrBefore(s.run.index.failures, s.cursorUs);
  return f ? `fail:${f.req}:${s.run.runId}` : `hint:${s.run.runId}:${s.pauseAtFailures}`;
}

export function StoryCard() {
  const store = useAppStore();
  const key = useApp(storyKey);
  const s = store.getState();
  const run = s.run;
  if (!run) return <div className="story" />;
  const sel = s.selection;
  if (sel?.kind === 'req')
    return <RequestStory status={requestStatusAt(run.index, sel.id, s.cursorUs)} key={key} />;
  if (sel?.kind === 'conn') {
    const story = connectionStory(run.trace, run.index, sel.id, s.cursorUs);
    if (story) return <ConnectionStoryView story={story} key={key} />;
  }
  if (sel?.kind === 'seg') {
    const story = segmentStory(run.trace, run.index, sel.id);
    if (story) return <SegmentStoryView story={story} key={key} />;
  }
  const f = lastFailureAtOrBefore(run.index.failures, s.cursorUs);
  if (f) return <FailureStory failure={f} latest key={key} />;
  const failures = run.index.failures.length;
  return (
    <section className="story story-hint" data-testid="story" data-failures={failures} aria-live="polite">
      <p>
        <strong>Press ▶ Play</strong> (or <kbd>Space</kbd>). Time slows down when packets are on the wire and
        races through idle seconds; {whatPlaybackDoes(failures, s.pauseAtFailures)} Rows turn{' '}
        <span className="race-word stale">violet</span> while a connection is stale (the server’s FIN has
        arrived, the pool still believes it reusable) and <span className="race-word">red</span> in its race
        window (a request sent then crosses the FIN on the wire).
      </p>
    </section>
  );
}

/** The hint's promise about failures, true to the run: none, pause at the first, or play past them. */
export function whatPlaybackDoes(failures: number, pauseAtFailures: boolean): string {
  if (failures === 0) return 'no request fails in this run, so playback runs to its end.';
  if (pauseAtFailures) return 'playback pauses at the first failed request.';
  const which = failures === 1 ? 'one request fails' : `${failures} requests fail`;
  return `${which} in this run, and pause at failures is off, so playback runs past ${failures === 1 ? 'it' : 'them'}.`;
}

function FailureStory({ failure: f, latest }: { failure: FailureInfo; latest?: boolean }) {
  const select = useApp((s) => s.select);
  const kind = kindOfFailure(f);
  return (
    <section
      className="story story-failed"
      data-testid="request-card"
      data-req={f.req}
      data-outcome="failed"
      data-conn={f.conn}
      data-reused={String(f.reused)}
      data-kind={kind}
      aria-live="polite"
    >
      <header>
        <span className="story-badge bad">✗ failed</span>
        {FAILURE_KIND_LABELS[kind] ? (
          <span className={`story-badge kind-${kind}`} data-testid="failure-kind">
            {FAILURE_KIND_LABELS[kind]}
          </span>
        ) : null}
        <span>
          {latest ? 'Latest failure: ' : ''}
          <button type="button" className="link-button" onClick={() => select({ kind: 'req', id: f.req })}>
            request {f.req}
          </button>{' '}
          <code>
            {f.method} {f.path}
          </code>{' '}
          on{' '}
          <button type="button" className="link-button" onClick={() => select({ kind: 'conn', id: f.conn })}>
            connection #{f.conn}
          </button>{' '}
          ({f.reused ? 'reused from the pool' : 'new'}) at {formatSimSeconds(f.t)}
        </span>
      </header>
      {f.error ? (
        <p className="story-error">
          <code className="error-class" data-testid="error-class">
            {f.error.class}
          </code>
          : <span data-testid="error-message">{f.error.message}</span>
        </p>
      ) : null}
      <p className="story-cause" data-testid="cause-sentence">
        {f.sentence}
        {f.indeterminate ? ' The server may still have processed it (indeterminate).' : ''}
      </p>
    </section>
  );
}

function RequestStory({ status }: { status: RequestStatus }) {
  if (status.phase === 'unknown') {
    return (
      <section className="story" data-testid="request-card" data-req={status.id} data-outcome="unknown">
        <p>Request {status.id} is not part of this run.</p>
      </section>
    );
  }
  if (status.phase === 'failed' && status.failure) return <FailureStory failure={status.failure} />;
  const r = status.request;
  const head = (
    <>
      request {r.id}{' '}
      <code>
        {r.method} {r.path}
      </code>
    </>
  );
  const attempt = 'attempt' in status ? status.attempt : null;
  const common = {
    'data-testid': 'request-card',
    'data-req': r.id,
    'data-outcome':
      status.phase === 'ok'
        ? (r.outcome ?? 'ok')
        : status.phase === 'waiting' && status.failed
          ? 'retrying'
          : status.phase,
    'data-conn': attempt?.conn ?? '',
    'data-reused': attempt ? String(attempt.reused) : '',
    'aria-live': 'polite' as const,
  };
  const via = attempt
    ? `connection #${attempt.conn}, ${attempt.reused ? 'reused from the pool' : 'a fresh connection'}${attempt.attempt > 1 ? ` (attempt ${attempt.attempt})` : ''}`
    : '';
  switch (status.phase) {
    case 'pending':
      return (
        <section className="story" {...common}>
          <header>
            <span className="story-badge">selected</span> {head} starts at {formatSimSeconds(r.startAt)}.
          </header>
        </section>
      );
    case 'waiting':
      return (
        <section className="story story-busy" {...common}>
          <header>
            <span className="story-badge busy">{status.failed ? 'retrying' : 'waiting'}</span> {head}:{' '}
            {status.failed
              ? `attempt ${status.failed.attempt} failed on connection #${status.failed.conn}; the client retries it on another connection.`
              : 'the pool is opening a connection for it.'}
          </header>
          {status.failed?.error ? (
            <p className="story-error">
              <code className="error-class">{status.failed.error.class}</code>: {status.failed.error.message}
            </p>
          ) : null}
        </section>
      );
    case 'in-flight':
      return (
        <section className="story story-busy" {...common}>
          <header>
            <span className="story-badge busy">in flight</span> {head} on {via}.
          </header>
        </section>
      );
    case 'ok': {
      const retried = r.outcome === 'ok-after-retry';
      return (
        <section className="story story-ok" {...common}>
          <header>
            <span className="story-badge good">✓ {retried ? 'ok after retry' : 'succeeded'}</span> {head}
            {status.response ? (
              <>
                {' '}
                got <code>{status.response}</code>
              </>
            ) : null}{' '}
            on {via}, {formatDuration((r.endAt ?? r.startAt) - r.startAt)} after it started.
          </header>
          {retried ? (
            <p className="story-cause">
              Attempt {r.attempts[0]?.attempt} failed
              {r.attempts[0]?.error ? (
                <>
                  {' '}
                  with <code>{r.attempts[0].error.class}</code>
                </>
              ) : null}
              ; the client retried on connection #{attempt?.conn}.
            </p>
          ) : null}
        </section>
      );
    }
    case 'failed':
      return (
        <section className="story story-failed" {...common}>
          <header>
            <span className="story-badge bad">✗ failed</span> {head} on {via}.
          </header>
        </section>
      );
  }
}

function Ref({ kind, id, children }: { kind: 'req' | 'conn'; id: number; children: React.ReactNode }) {
  const select = useApp((s) => s.select);
  return (
    <button type="button" className="link-button" onClick={() => select({ kind, id })}>
      {children}
    </button>
  );
}

function ConnectionStoryView({ story: c }: { story: ConnectionStory }) {
  const { serverClosedAt, finArrivedAt, discarded } = c.asOf;
  const closed =
    c.race?.kind === 'stale'
      ? `Stale since ${formatSimSeconds(c.race.since)}: the server closed it at ${formatSimSeconds(serverClosedAt ?? c.race.since)} and ${finArrivedAt !== null ? `its FIN reached the client at ${formatSimSeconds(finArrivedAt)}` : 'a reset reached the client'}, but the pool still believes it reusable (a check at checkout would see it).`
      : c.race
        ? `Race window since ${formatSimSeconds(c.race.since)}: a request sent now reaches the server after it closes the connection${serverClosedAt !== null ? ` (at ${formatSimSeconds(serverClosedAt)})` : ''} and crosses its FIN on the wire; no check at checkout can see it yet.`
        : serverClosedAt !== null
          ? `The server closed it at ${formatSimSeconds(serverClosedAt)}.`
          : 'The server has not closed it.';
  return (
    <section
      className={`story${c.race ? ' story-failed' : ''}`}
      data-testid="connection-card"
      data-conn={c.conn}
      data-race={c.race ? c.race.kind : 'false'}
      aria-live="polite"
    >
      <header>
        <span className="story-badge">connection #{c.conn}</span> opened at {formatSimSeconds(c.openedAt)}
        {c.dialedFor !== null ? (
          <>
            {' '}
            for{' '}
            <Ref kind="req" id={c.dialedFor}>
              request {c.dialedFor}
            </Ref>
          </>
        ) : null}
        {c.requests.length > 0 ? (
          <>
            ; used by request{c.requests.length > 1 ? 's' : ''}{' '}
            {c.requests.map(({ req: r }, i) => (
              <span key={r}>
                {i > 0 ? ', ' : ''}
                <Ref kind="req" id={r}>
                  {r}
                </Ref>
              </span>
            ))}
          </>
        ) : null}
        .
      </header>
      <p className="story-cause">
        {closed}
        {discarded ? ` The pool dropped it at ${formatSimSeconds(discarded.t)} (${discarded.reason}).` : ''}
        {c.doneAt !== null ? ` Finished at ${formatSimSeconds(c.doneAt)}.` : ''}
      </p>
    </section>
  );
}

function SegmentStoryView({ story: g }: { story: SegmentStory }) {
  const what = g.flag === 'DATA' ? (g.label ?? 'data') : g.flag;
  return (
    <section className="story" data-testid="segment-card" data-seg={g.seg} aria-live="polite">
      <header>
        <span className="story-badge">segment</span> <code>{what}</code> from the {g.from} on{' '}
        <Ref kind="conn" id={g.conn}>
          connection #{g.conn}
        </Ref>
        : sent at {formatSimSeconds(g.sentAt)}, arrives at {formatSimSeconds(g.arriveAt)} (
        {formatDuration(g.arriveAt - g.sentAt)} on the wire{g.bytes > 0 ? `, ${g.bytes} bytes` : ''}).
      </header>
    </section>
  );
}
