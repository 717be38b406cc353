/** Per-frame text (cursor time, time scale) written straight to the DOM from a transient subscription. */
import { useEffect, useRef } from 'react';
import { formatCursor, formatSimSeconds } from '../../format';
import { describeFactor, describeRate } from '../../playback/adaptiveRate';
import { useAppStore } from '../../store/context';
import type { AppState } from '../../store/types';

function useTransientText(format: (s: AppState) => string, deps: (s: AppState) => readonly unknown[]) {
  const store = useAppStore();
  const ref = useRef<HTMLSpanElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: format and deps are stable per call site
  useEffect(() => {
    const write = () => {
      const text = format(store.getState());
      if (ref.current && ref.current.textContent !== text) ref.current.textContent = text;
    };
    write();
    return store.subscribe(deps, write, {
      equalityFn: (a, b) => a.length === b.length && a.every((x, i) => x === b[i]),
    });
  }, [store]);
  return ref;
}

export function TimeReadout() {
  const ref = useTransientText(
    (s) => formatCursor(s.cursorUs),
    (s) => [s.cursorUs],
  );
  const endRef = useTransientText(
    (s) => (s.run ? formatSimSeconds(s.run.index.endAt) : ''),
    (s) => [s.run],
  );
  return (
    <div className="time-readout">
      <span className="sr-only">Cursor time: </span>
      <span ref={ref} className="time-now" data-testid="cursor-time" />
      <span className="time-end">
        {' '}
        / <span ref={endRef} />
      </span>
    </div>
  );
}

export function ScaleReadout() {
  const ref = useTransientText(
    (s) => describeRate(s.rateUs),
    (s) => [s.rateUs],
  );
  const factorRef = useTransientText(
    (s) => `${describeFactor(s.rateUs)} real time`,
    (s) => [s.rateUs],
  );
  return (
    <span className="scale-readout" title="How much simulated time passes per second of playback">
      <span ref={ref} data-testid="time-scale" />
      <span ref={factorRef} className="scale-factor" />
    </span>
  );
}
