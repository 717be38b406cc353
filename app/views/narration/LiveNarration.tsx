/**
 * Narration for everyone: two live regions (polite for the flow of events, assertive for the race
 * itself — a stale reuse, a failure, a retry, a reset) fed by `Narrator` as the cursor moves, and
 * the same sentences as visible captions (shown in presenter mode when no lesson is open).
 * Written straight into the DOM from a transient store subscription: the cursor moves every
 * frame, React renders this once per run.
 */
import { useEffect, useRef } from 'react';
import type { ConnFactsTable, TraceEvent } from '../../../sim-core';
import { countAtOrBefore, type Narration, narrate, nextEventTime, prevEventTime } from '../../../sim-core';
import { useApp, useAppStore } from '../../store/context';
import { type Movement, Narrator } from './narrator';
import './narration.css';
import { whenIdle } from '../whenIdle';

const cache = new WeakMap<readonly TraceEvent[], Narration[]>();

/** The run's narration (computed once per trace; `facts`: the index's connection facts). */
export function narrationsFor(trace: readonly TraceEvent[], facts?: ConnFactsTable): Narration[] {
  let list = cache.get(trace);
  if (!list) {
    list = narrate(trace, facts);
    cache.set(trace, list);
  }
  return list;
}

/** Sets a live region's text so that the same sentence said twice is announced twice. */
function say(el: HTMLElement | null, text: string | null): void {
  if (!el || text === null) return;
  el.textContent = el.textContent === text ? `${text}\u00a0` : text;
}

export function LiveNarration() {
  const store = useAppStore();
  const run = useApp((s) => s.run);
  const enabled = useApp((s) => s.narrateLive);
  const politeRef = useRef<HTMLDivElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const captionRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (!run || !enabled) return;
    const times = run.index.times;
    const seqAt = (t: number) => countAtOrBefore(times, t) - 1;
    let prevT = store.getState().cursorUs;
    let prevPlaying = store.getState().playing;
    // narrate() scans the whole trace (≈ 30 ms for 60k events): build it when the page is idle, or
    // on the first move that needs it, never as part of the run's arrival.
    let narrator: Narrator | null = null;
    const ready = () => {
      if (!narrator) {
        narrator = new Narrator(narrationsFor(run.trace, run.index.connFacts));
        narrator.moveTo(seqAt(prevT), prevT, 'jump', performance.now());
      }
      return narrator;
    };
    const idle = whenIdle(ready);

    const onMove = ([t, playing]: readonly [number, boolean]) => {
      let movement: Movement;
      if (playing || prevPlaying) movement = t >= prevT ? 'play' : 'jump';
      else if (t === nextEventTime(times, prevT) || t === prevEventTime(times, prevT)) movement = 'step';
      else movement = 'jump';
      if (movement === 'jump' && !narrator) {
        prevT = t;
        prevPlaying = playing;
        return;
      }
      const n = ready();
      prevT = t;
      prevPlaying = playing;
      // A breakpoint's stop announces its own sentence (the transport's status line); a lesson's
      // pause is told by the lesson, so its event is narrated here as usual.
      const stop = store.getState().lastStop;
      const skip = stop && stop.by !== 'lesson' ? stop.hit.seq : null;
      const stopped = movement === 'play' && !playing;
      const out = n.moveTo(seqAt(t), t, movement, performance.now(), skip, stopped);
      say(alertRef.current, out.high);
      say(politeRef.current, out.normal);
      const caption = out.high ?? out.normal;
      if (caption !== null && captionRef.current) captionRef.current.textContent = caption;
    };
    const unsubscribe = store.subscribe((s) => [s.cursorUs, s.playing] as const, onMove, {
      equalityFn: (a, b) => a[0] === b[0] && a[1] === b[1],
    });
    return () => {
      unsubscribe();
      idle();
      for (const el of [politeRef.current, alertRef.current, captionRef.current]) if (el) el.textContent = '';
    };
  }, [run, enabled, store]);

  return (
    <>
      <div className="sr-only" aria-live="polite" data-testid="narration-live" ref={politeRef} />
      <div className="sr-only" aria-live="assertive" data-testid="narration-alert" ref={alertRef} />
      <p className="captions" data-testid="captions" ref={captionRef} aria-hidden="true" />
    </>
  );
}
