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
import type { AppState } from '../../store/types';
import { BreakpointsPanel, KIND_NAMES, useBreakpointCount } from '../breakpoints/BreakpointsPanel';
import { Scrubber } from '../scrubber/Scrubber';
import { ActionChoice, type ChoiceSide } from '../shortcuts/ActionChoice';
import { ACTION, titleWithKeys } from '../shortcuts/actions';
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
  const prevFailure = useActionButton('prevFailure');
  const stepBack = useActionButton('stepBackward');
  const play = useActionButton('togglePlay');
  const stepForward = useActionButton('stepForward');
  const nextFailure = useActionButton('nextFailure');
  return (
    <fieldset className="transport-buttons">
      <legend className="sr-only">Playback</legend>
      <button type="button" {...prevFailure} data-testid="prev-failure">
        <IconFailure direction="prev" /> <span className="btn-label">Failure</span>
      </button>
      <button type="button" {...stepBack} data-testid="step-back">
        <IconStepBack />
      </button>
      <button
        type="button"
        className="primary play"
        {...play}
        data-testid="play-button"
        data-playing={String(playing)}
      >
        {playing ? <IconPause /> : <IconPlay />} {playing ? 'Pause' : 'Play'}
      </button>
      <button type="button" {...stepForward} data-testid="step-forward">
        <IconStepForward />
      </button>
      <button type="button" {...nextFailure} data-testid="next-failure">
        <span className="btn-label">Failure</span> <IconFailure direction="next" />
      </button>
    </fieldset>
  );
}

const TIME_MODES: readonly ChoiceSide<AppState['timeMode']>[] = [
  {
    value: 'adaptive',
    label: 'Adaptive',
    title: 'Adaptive time: slow while packets fly, fast through idle time',
    testId: 'mode-adaptive',
  },
  { value: 'fixed', label: 'Fixed', title: 'Fixed speed', testId: 'mode-fixed' },
];

/** The speed of the time mode in effect: adaptive's multiplier or fixed's rate (`+` / `−` step it). */
function SpeedSelect() {
  // Actions are stable; the values change on user actions only (never per frame).
  const a = useApp(
    useShallow((s) => ({
      timeMode: s.timeMode,
      speed: s.speed,
      fixedRate: s.fixedRate,
      setSpeed: s.setSpeed,
      setFixedRate: s.setFixedRate,
    })),
  );
  const speed =
    a.timeMode === 'adaptive'
      ? {
          label: 'Adaptive speed',
          value: a.speed,
          set: a.setSpeed,
          testId: 'speed-select',
          options: ADAPTIVE_SPEEDS.map((x) => ({ value: x, text: `×${x}` })),
        }
      : {
          label: 'Fixed speed',
          value: a.fixedRate,
          set: a.setFixedRate,
          testId: 'rate-select',
          options: FIXED_RATES.map((x) => ({ value: x, text: describeRate(x) })),
        };
  return (
    <select
      aria-label={speed.label}
      value={speed.value}
      onChange={(e) => speed.set(Number(e.target.value))}
      data-testid={speed.testId}
      title={titleWithKeys('Speed', ['faster', 'slower'])}
    >
      {speed.options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.text}
        </option>
      ))}
    </select>
  );
}

export function Transport() {
  const [bpOpen, setBpOpen] = useState(false);
  const bpCount = useBreakpointCount();
  const bpPanelId = useId();
  const pauseAtFailures = useApp((s) => ACTION.togglePauseAtFailures.checked!(s));
  const timeMode = useApp((s) => s.timeMode);
  const setTimeMode = useApp((s) => s.setTimeMode);
  const setPauseAtFailures = useApp((s) => s.setPauseAtFailures);
  return (
    <div className="transport" data-testid="transport">
      {/* One line on a wide screen; on a phone the playback buttons and the time are a bar pinned
          to the bottom of the screen while the stage is in view (styles/narrow.css). */}
      <div className="transport-row">
        <div className="transport-main" data-testid="transport-main">
          <PlaybackButtons />
          <TimeReadout />
        </div>
        <div className="transport-more">
          <label className="check">
            <input
              type="checkbox"
              checked={pauseAtFailures}
              onChange={(e) => setPauseAtFailures(e.target.checked)}
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
            <ActionChoice
              action="toggleTimeMode"
              value={timeMode}
              onChoose={setTimeMode}
              sides={TIME_MODES}
            />
            <SpeedSelect />
          </fieldset>
        </div>
      </div>
      <StopNote />
      {bpOpen ? <BreakpointsPanel id={bpPanelId} /> : null}
      <Scrubber />
    </div>
  );
}
