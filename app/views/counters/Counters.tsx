/**
 * Counters at the cursor: requests started (of all), ok, ok after retry, failed by exception
 * class, connections opened. They count what has happened up to the cursor, so they rewind too.
 */

import { formatCount } from '../../format';
import { useApp, useAppStore } from '../../store/context';
import { type CountersAt, countersAt } from '../../store/queries';
import { shortClass } from '../stage/model';

export function Counters() {
  const store = useAppStore();
  // A string key: React re-renders only when a count changes, not on every frame.
  const key = useApp((s) => (s.run ? JSON.stringify(countersAt(s.run.index, s.cursorUs)) : ''));
  if (!key) return <div className="counters" aria-hidden="true" />;
  const c = JSON.parse(key) as CountersAt;
  const run = store.getState().run;
  // The note is a sibling of the list: a <dl> may hold only <dt>/<dd> groups (in <div>s).
  return (
    <>
      <dl className="counters" data-testid="counters" aria-label="Counts up to the cursor">
        <Counter
          id="requests"
          label="Requests"
          value={`${formatCount(c.started)}`}
          of={formatCount(c.total)}
        />
        <Counter id="ok" label="OK" value={formatCount(c.ok)} tone="good" />
        <Counter
          id="retried"
          label="OK after retry"
          value={formatCount(c.okAfterRetry)}
          tone={c.okAfterRetry ? 'warn' : undefined}
        />
        <Counter id="failed" label="Failed" value={formatCount(c.failed)} tone={c.failed ? 'bad' : undefined}>
          {c.failedByClass.length > 0 ? (
            <ul className="by-class" data-testid="counter-failed-by-class">
              {c.failedByClass.map(([cls, n]) => (
                <li key={cls} title={cls}>
                  <code>{shortClass(cls)}</code> {formatCount(n)}
                </li>
              ))}
            </ul>
          ) : null}
        </Counter>
        <Counter id="retries" label="Retries" value={formatCount(c.retries)} />
        <Counter id="connections" label="Connections opened" value={formatCount(c.connections)} />
      </dl>
      {run ? <p className="sr-only">Counts at the cursor; the whole run is in the summary below.</p> : null}
    </>
  );
}

function Counter({
  id,
  label,
  value,
  of,
  tone,
  children,
}: {
  id: string;
  label: string;
  value: string;
  of?: string;
  tone?: 'good' | 'bad' | 'warn' | undefined;
  children?: React.ReactNode;
}) {
  return (
    <div className={`counter${tone ? ` counter-${tone}` : ''}`} data-testid={`counter-${id}`}>
      <dt>{label}</dt>
      <dd>
        <span className="counter-value" data-testid={`counter-${id}-value`}>
          {value}
        </span>
        {of ? <span className="counter-of"> / {of}</span> : null}
        {children}
      </dd>
    </div>
  );
}
