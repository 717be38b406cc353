/**
 * Playback controls: previous failure, step back, play/pause, step forward, next failure, the
 * clock, adaptive/fixed time with its speed, the scale in effect, "pause at failures" (the
 * `failure` breakpoint) and the Breakpoints disclosure with the line saying where playback paused
 * by itself. Every button names its shortcut (title + aria-keyshortcuts).
 */
import { useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { describeRate } from '../../playback/adaptiveRate';
import { useApp } from '../../store/context';
import { ADAPTIVE_SPEEDS, FIXED_RATES } from '../../store/playbackSlice';
import { BreakpointsPanel, KIND_NAMES, useBreakpointCount } from '../breakpoints/BreakpointsPanel';
import { Scrubber } from '../scrubber/Scrubber';
import { IconFailure, IconPause, IconPlay, IconStepBack, IconStepForward } from './icons';
import { ScaleReadout, TimeReadout } from './readouts';

/** Where playback paused by itself, and why (a breakpoint's sentence). */
function StopNote() {
  const stop = useApp((s) => s.lastStop);
  const breakpoints = useApp((s) => s.breakpoints);
  // A lesson's pause is explained by the lesson panel.
  if (!stop || stop.by === 'lesson') return null;
  const b = breakpoints.find((x) => x.id === stop.by);
  const name = KIND_NAMES[b?.condition.kind ?? stop.by] ?? stop.by;
  return (
    <p className="bp-stop" data-testid="breakpoint-stop" data-by={stop.by} role="status">
      <strong>
        <IconPause /> Paused · {name}:
      </strong>{' '}
      <span>{stop.hit.sentence}</span>
    </p>
  );
}

export function Transport() {
  const [bpOpen, setBpOpen] = useState(false);
  const bpCount = useBreakpointCount();
  const bpPanelId = useId();
  const playing = useApp((s) => s.playing);
  const hasRun = useApp((s) => s.run !== null);
  const hasFailures = useApp((s) => (s.run?.index.failures.length ?? 0) > 0);
  // Actions are stable; the values change on user actions only (never per frame).
  const a = useApp(
    useShallow((s) => ({
      timeMode: s.timeMode,
      speed: s.speed,
      fixedRate: s.fixedRate,
      pauseAtFailures: s.pauseAtFailures,
      prevFailure: s.prevFailure,
      nextFailure: s.nextFailure,
      stepBackward: s.stepBackward,
      stepForward: s.stepForward,
      togglePlay: s.togglePlay,
      setTimeMode: s.setTimeMode,
      setSpeed: s.setSpeed,
      setFixedRate: s.setFixedRate,
      setPauseAtFailures: s.setPauseAtFailures,
    })),
  );
  const timeMode = a.timeMode;
  return (
    <div className="transport" data-testid="transport">
      <div className="transport-row">
        <fieldset className="transport-buttons">
          <legend className="sr-only">Playback</legend>
          <button
            type="button"
            onClick={a.prevFailure}
            disabled={!hasFailures}
            title="Previous failed request (Page Up)"
            aria-keyshortcuts="PageUp"
            aria-label="Previous failure"
            data-testid="prev-failure"
          >
            <IconFailure direction="prev" /> <span className="btn-label">Failure</span>
          </button>
          <button
            type="button"
            onClick={a.stepBackward}
            disabled={!hasRun}
            title="Step back to the previous event (←)"
            aria-keyshortcuts="ArrowLeft"
            aria-label="Step back"
            data-testid="step-back"
          >
            <IconStepBack />
          </button>
          <button
            type="button"
            className="primary play"
            onClick={a.togglePlay}
            disabled={!hasRun}
            title={playing ? 'Pause (Space)' : 'Play (Space)'}
            aria-keyshortcuts="Space"
            data-testid="play-button"
            data-playing={String(playing)}
          >
            {playing ? <IconPause /> : <IconPlay />} {playing ? 'Pause' : 'Play'}
          </button>
          <button
            type="button"
            onClick={a.stepForward}
            disabled={!hasRun}
            title="Step to the next event (→)"
            aria-keyshortcuts="ArrowRight"
            aria-label="Step forward"
            data-testid="step-forward"
          >
            <IconStepForward />
          </button>
          <button
            type="button"
            onClick={a.nextFailure}
            disabled={!hasFailures}
            title="Next failed request (Page Down)"
            aria-keyshortcuts="PageDown"
            aria-label="Next failure"
            data-testid="next-failure"
          >
            <span className="btn-label">Failure</span> <IconFailure direction="next" />
          </button>
        </fieldset>
        <TimeReadout />
        <label className="check">
          <input
            type="checkbox"
            checked={a.pauseAtFailures}
            onChange={(e) => a.setPauseAtFailures(e.target.checked)}
            data-testid="pause-at-failures"
          />
          Pause at failures
        </label>
        <button
          type="button"
          className="bp-toggle"
          aria-expanded={bpOpen}
          aria-controls={bpPanelId}
          onClick={() => setBpOpen(!bpOpen)}
          title="Conditional breakpoints: pause on a stale write, near the server’s timeout, a failure or a retry"
          data-testid="breakpoints-button"
        >
          Breakpoints
          <span className={`bp-count${bpCount === 0 ? ' bp-count-zero' : ''}`}>
            {bpCount}
            <span className="sr-only"> on</span>
          </span>
        </button>
        <span className="transport-spacer" />
        <ScaleReadout />
        <fieldset className="time-mode">
          <legend className="sr-only">Time mode and speed</legend>
          <button
            type="button"
            aria-pressed={timeMode === 'adaptive'}
            onClick={() => a.setTimeMode('adaptive')}
            title="Adaptive time: slow while packets fly, fast through idle time (A toggles)"
            data-testid="mode-adaptive"
          >
            Adaptive
          </button>
          <button
            type="button"
            aria-pressed={timeMode === 'fixed'}
            onClick={() => a.setTimeMode('fixed')}
            title="Fixed speed (A toggles)"
            data-testid="mode-fixed"
          >
            Fixed
          </button>
          {timeMode === 'adaptive' ? (
            <select
              aria-label="Adaptive speed"
              value={a.speed}
              onChange={(e) => a.setSpeed(Number(e.target.value))}
              data-testid="speed-select"
              title="Speed (+ / −)"
            >
              {ADAPTIVE_SPEEDS.map((x) => (
                <option key={x} value={x}>
                  ×{x}
                </option>
              ))}
            </select>
          ) : (
            <select
              aria-label="Fixed speed"
              value={a.fixedRate}
              onChange={(e) => a.setFixedRate(Number(e.target.value))}
              data-testid="rate-select"
              title="Speed (+ / −)"
            >
              {FIXED_RATES.map((x) => (
                <option key={x} value={x}>
                  {describeRate(x)}
                </option>
              ))}
            </select>
          )}
        </fieldset>
      </div>
      <StopNote />
      {bpOpen ? <BreakpointsPanel id={bpPanelId} /> : null}
      <Scrubber />
    </div>
  );
}
