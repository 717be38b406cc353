import { describe, expect, it } from 'vitest';
import type { Scenario, TraceEvent } from '../../sim-core';
import { lessonById, resolveStep } from '../../sim-core';
import { PROTOTYPE_NAMES, runScenario } from '../../sim-core/testing';
import { playToStop as playWithClock } from '../playback/testing';
import { memoryStorage, PROGRESS_KEY } from './lessonProgress';
import { activeHighlights } from './lessonSlice';
import { doneState, testStore } from './testing';

const traces = new Map<string, TraceEvent[]>();
const traceOf = (s: Scenario) => {
  const key = JSON.stringify(s);
  if (!traces.has(key)) traces.set(key, runScenario(s).trace);
  return traces.get(key)!;
};

const issue96 = lessonById('issue-96')!;
const expected = (i: number) => {
  const r = resolveStep(issue96.steps[i]!, traceOf(issue96.steps[i]!.scenario));
  if (!r.ok) throw new Error(r.problem);
  return r.step;
};

/** Answers the port's last run with the real trace of the scenario it asked for. */
function finishLastRun(env: ReturnType<typeof testStore>) {
  const call = env.port.calls.at(-1)!;
  const scenario = call.type === 'run' ? call.scenario : call.whole;
  env.store.getState().receiveRunState(doneState(env.port.calls.length, traceOf(scenario), scenario));
}

function playToStop(env: ReturnType<typeof testStore>) {
  for (let i = 0; i < 200_000 && env.store.getState().playing; i++) env.store.getState().advance(16);
}

describe('lesson player', () => {
  it('opens a step’s scenario, pauses where resolveStep says, and plays forward to the next pause', () => {
    const env = testStore(memoryStorage());
    const { store, port } = env;
    store.getState().startLesson('issue-96');
    expect(store.getState().lesson).toMatchObject({ id: 'issue-96', step: 0, status: 'loading' });
    expect(port.calls).toHaveLength(1);
    expect(store.getState().preset).toBe('issue-96');
    finishLastRun(env);
    expect(store.getState().lesson).toMatchObject({ status: 'ready', resolved: { t: 0 } });

    // Step 2 shares the run: no new simulation; playback runs to the stale write and stops there.
    store.getState().nextStep();
    expect(port.calls).toHaveLength(1);
    expect(store.getState().playing).toBe(true);
    playToStop(env);
    const stale = expected(1);
    expect(store.getState().cursorUs).toBe(stale.t);
    expect(store.getState().selection).toEqual({ kind: 'req', id: stale.hit!.req });
    expect(store.getState().lesson?.resolved?.text).toBe(stale.text);
    expect(store.getState().lessonHighlightConns).toEqual([stale.hit!.conn]);

    // Next while playing to a pause: straight there.
    store.getState().nextStep();
    expect(store.getState().playing).toBe(true);
    store.getState().nextStep();
    expect(store.getState()).toMatchObject({ playing: false, cursorUs: expected(2).t, stopAt: null });

    // Back: a jump, not a replay.
    store.getState().prevStep();
    expect(store.getState()).toMatchObject({ playing: false, cursorUs: stale.t });
  });

  it('one press, one step: a press plays the next step to its moment, a press on the way finishes it', () => {
    const env = testStore();
    const { store } = env;
    const at = () => ({
      step: store.getState().lesson!.step,
      status: store.getState().lesson!.status,
      playing: store.getState().playing,
      cursorUs: store.getState().cursorUs,
    });
    store.getState().startLesson('issue-96', 0);
    finishLastRun(env);
    expect(at()).toEqual({ step: 0, status: 'ready', playing: false, cursorUs: 0 });

    // Press: step 2 plays to its moment by itself — within 10 s of wall time on the real clock.
    store.getState().nextStep();
    expect(at()).toMatchObject({ step: 1, playing: true });
    const { wallMs } = playWithClock(store);
    expect(at()).toEqual({ step: 1, status: 'ready', playing: false, cursorUs: expected(1).t });
    expect(wallMs).toBeLessThanOrEqual(10_000);

    // Press: step 3 plays; a press on the way finishes the way (same step, at its moment).
    store.getState().nextStep();
    expect(at()).toMatchObject({ step: 2, playing: true });
    store.getState().nextStep();
    expect(at()).toEqual({ step: 2, status: 'ready', playing: false, cursorUs: expected(2).t });
    // Paused on the way (Space) counts as on the way too.
    store.getState().nextStep();
    store.getState().pause();
    expect(at()).toMatchObject({ step: 3, playing: false });
    store.getState().nextStep();
    expect(at()).toEqual({ step: 3, status: 'ready', playing: false, cursorUs: expected(3).t });

    // Lesson 3's steps each have a run of their own: while it computes, a press does not skip it.
    store.getState().startLesson('fix-ladder', 0);
    finishLastRun(env);
    store.getState().nextStep();
    expect(at()).toMatchObject({ step: 1, status: 'loading' });
    store.getState().nextStep();
    expect(at()).toMatchObject({ step: 1, status: 'loading' });
    finishLastRun(env);
    expect(at()).toMatchObject({ step: 1, status: 'ready', playing: false });
    expect(store.getState().cursorUs).toBe(store.getState().lesson!.resolved!.t);
    store.getState().nextStep();
    expect(at()).toMatchObject({ step: 2 });
  });

  it('plays lesson 1’s handshake at a pace to watch, and the run-up to lesson 2’s stale write quickly', () => {
    const env = testStore();
    env.store.getState().startLesson('anatomy', 0);
    finishLastRun(env);
    env.store.getState().nextStep();
    const handshake = playWithClock(env.store);
    // SYN out, SYN-ACK back: the step's connection, so each crossing takes the race's 0.6 s.
    expect(handshake.wallMs).toBeGreaterThanOrEqual(1000);
    expect(env.store.getState().lesson).toMatchObject({ step: 1, status: 'ready' });

    env.store.getState().startLesson('issue-96', 0);
    finishLastRun(env);
    env.store.getState().nextStep();
    const stale = playWithClock(env.store);
    expect(env.store.getState().cursorUs).toBe(expected(1).t);
    expect(stale.wallMs).toBeLessThanOrEqual(10_000);
  });

  it('switches the compare run on for a step that has one, and off again', () => {
    const env = testStore(memoryStorage());
    const { store } = env;
    store.getState().startLesson('issue-96', 4);
    expect(store.getState().compareWith).toEqual({ client: 'httpx-0.23', server: 'uvicorn' });
    finishLastRun(env);
    expect(store.getState().cursorUs).toBe(expected(4).t);
    store.getState().prevStep();
    expect(store.getState().compareWith).toBeNull();
    // Compare mode as it was before the lesson comes back when it closes.
    store.getState().goToStep(4);
    store.getState().exitLesson();
    expect(store.getState().compareWith).toBeNull();
  });

  it('marks the step’s connections only while the run on screen is the step’s', () => {
    const env = testStore();
    const { store } = env;
    store.getState().startLesson('issue-96', 1);
    finishLastRun(env);
    expect(activeHighlights(store.getState())).toEqual([expected(1).hit!.conn]);
    store.getState().changeScenario({ client: { policy: 'httpx-0.23' } });
    finishLastRun(env);
    expect(activeHighlights(store.getState())).toEqual([]);
  });

  it('keeps progress and answers, resumes where the lesson was left, and ignores corrupted storage', () => {
    const storage = memoryStorage();
    const first = testStore(storage);
    first.store.getState().startLesson('issue-96', 1);
    finishLastRun(first);
    first.store.getState().answerQuestion(1);
    expect(first.store.getState().lesson).toMatchObject({ answer: 1, revealed: true });
    expect(JSON.parse(storage.data[PROGRESS_KEY]!)).toMatchObject({
      version: 1,
      last: 'issue-96',
      lessons: { 'issue-96': { step: 1, answers: { 'stale-write': 1 }, completed: false } },
    });

    const again = testStore(storage);
    again.store.getState().loadLessonProgress();
    again.store.getState().startLesson('issue-96');
    expect(again.store.getState().lesson).toMatchObject({ step: 1, answer: 1, revealed: true });
    // Starting afresh (a new group) hides the answers again.
    again.store.getState().forgetLesson('issue-96');
    again.store.getState().startLesson('issue-96', 1);
    expect(again.store.getState().lesson).toMatchObject({ step: 1, answer: null, revealed: false });

    const broken = testStore(memoryStorage({ [PROGRESS_KEY]: '{"version":1,"lessons":' }));
    broken.store.getState().loadLessonProgress();
    expect(broken.store.getState().notices[0]).toMatchObject({
      id: 'lesson-progress',
      items: [expect.stringContaining('it is not valid JSON')],
    });
    expect(broken.store.getState().lessonProgress.lessons).toEqual({});
    // Entries for unknown lessons and impossible steps or answers are dropped, the rest kept.
    const odd = testStore(
      memoryStorage({
        [PROGRESS_KEY]: JSON.stringify({
          version: 1,
          last: 'nope',
          lessons: { nope: { step: 1 }, 'issue-96': { step: 99, answers: { error: 7, 'stale-write': 2 } } },
        }),
      }),
    );
    odd.store.getState().loadLessonProgress();
    expect(odd.store.getState().lessonProgress).toEqual({
      last: null,
      lessons: { 'issue-96': { step: 4, answers: { 'stale-write': 2 }, completed: false } },
    });
    // Regression: `last: "constructor"` was taken as a saved lesson (an inherited property).
    for (const last of PROTOTYPE_NAMES) {
      const proto = testStore(
        memoryStorage({
          [PROGRESS_KEY]: JSON.stringify({ version: 1, last, lessons: { 'issue-96': { step: 1 } } }),
        }),
      );
      proto.store.getState().loadLessonProgress();
      expect(proto.store.getState().lessonProgress.last, last).toBeNull();
    }
  });

  it('finishes after the last step, and a failed run is reported on the step', () => {
    const env = testStore();
    const { store } = env;
    store.getState().startLesson('issue-96', 4);
    finishLastRun(env);
    store.getState().nextStep();
    expect(store.getState().lesson?.finished).toBe(true);
    expect(store.getState().lessonProgress.lessons['issue-96']?.completed).toBe(true);

    store.getState().startLesson('anatomy', 0);
    // The person changes a setting before the step's run is done: the step says so.
    store.getState().changeScenario({ client: { policy: 'http3-0.6' } });
    expect(store.getState().lesson).toMatchObject({
      status: 'error',
      problem: expect.stringContaining('another run was started'),
    });
  });

  it('a link’s t and sel override the step’s pause', () => {
    const env = testStore();
    env.store.getState().startLesson('issue-96', 2, { t: 1_000_000, selection: { kind: 'conn', id: 1 } });
    finishLastRun(env);
    expect(env.store.getState()).toMatchObject({ cursorUs: 1_000_000, selection: { kind: 'conn', id: 1 } });
    expect(env.store.getState().lesson?.resolved?.t).toBe(expected(2).t);
  });
});
