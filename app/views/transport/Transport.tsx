/**
 * Playback controls: previous failure, step back, play/pause, step forward, next failure, the
 * clock, adaptive/fixed time with its speed, the scale in effect, "pause at failures" (the
 * `failure` breakpoint) and the Breakpoints disclosure with the line saying where playback paused
 * by itself. Every button names its shortcut (title + aria-keyshortcuts), from the action table
 * (`shortcuts/actions.ts`).
 */
import { useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { describeRate } from '../../playback/adaptiveRate';
import { useApp } from '../../store/context';
import { ADAPTIVE_SPEEDS, FIXED_RATES } from '../../store/playbackSlice';
import { BreakpointsPanel, KIND_NAMES, useBreakpointCount } from '../breakpoints/BreakpointsPanel';
import { Scrubber } from '../scrubber/Scrubber';
import { ACTION, titleWithKeys, toggles } from '../shortcuts/actions';
import { useActionButton } from '../shortcuts/useActionButton';
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

/** The five playback buttons, each from its action in the table (title, key, enabled). */
function PlaybackButtons() {
  const playing = useApp((s) => s.playing);
  return (
    <fieldset className="transport-buttons">
      <legend className="sr-only">Playback</legend>
      <button type="button" {...useActionButton('prevFailure')} data-testid="prev-failure">
        <IconFailure direction="prev" /> <span className="btn-label">Failure</span>
      </button>
      <button type="button" {...useActionButton('stepBackward')} data-testid="step-back">
        <IconStepBack />
      </button>
      <button
        type="button"
        className="primary play"
        {...useActionButton('togglePlay')}
        data-testid="play-button"
        data-playing={String(playing)}
      >
        {playing ? <IconPause /> : <IconPlay />} {playing ? 'Pause' : 'Play'}
      </button>
      <button type="button" {...useActionButton('stepForward')} data-testid="step-forward">
        <IconStepForward />
      </button>
      <button type="button" {...useActionButton('nextFailure')} data-testid="next-failure">
        <span className="btn-label">Failure</span> <IconFailure direction="next" />
      </button>
    </fieldset>
  );
}

export function Transport() {
  const [bpOpen, setBpOpen] = useState(false);
  const bpCount = useBreakpointCount();
  const bpPanelId = useId();
  const pauseAtFailures = useApp((s) => ACTION.togglePauseAtFailures.checked!(s));
  // Actions are stable; the values change on user actions only (never per frame).
  const a = useApp(
    useShallow((s) => ({
      timeMode: s.timeMode,
      speed: s.speed,
      fixedRate: s.fixedRate,
      setTimeMode: s.setTimeMode,
      setSpeed: s.setSpeed,
      setFixedRate: s.setFixedRate,
      setPauseAtFailures: s.setPauseAtFailures,
    })),
  );
  const timeMode = a.timeMode;
  const speedTitle = titleWithKeys('Speed', ['faster', 'slower']);
  return (
    <div className="transport" data-testid="transport">
      <div className="transport-row">
        <PlaybackButtons />
        <TimeReadout />
        <label className="check">
          <input
            type="checkbox"
            checked={pauseAtFailures}
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
            title={titleWithKeys(
              'Adaptive time: slow while packets fly, fast through idle time',
              'toggleTimeMode',
              toggles,
            )}
            data-testid="mode-adaptive"
          >
            Adaptive
          </button>
          <button
            type="button"
            aria-pressed={timeMode === 'fixed'}
            onClick={() => a.setTimeMode('fixed')}
            title={titleWithKeys('Fixed speed', 'toggleTimeMode', toggles)}
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
              title={speedTitle}
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
              title={speedTitle}
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
