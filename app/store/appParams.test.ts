import { describe, expect, it } from 'vitest';
import { lessonById, presetScenario, resolveStep } from '../../sim-core';
import { runScenario, STALE_REUSE_TRACE } from '../../sim-core/testing';
import { decodeAppParams, decodeBreakpoints, encodeBreakpoints } from './appParams';
import { DEFAULT_BREAKPOINTS, makeBreakpoint } from './breakpointSlice';
import { doneState, testStore } from './testing';
import { openFromUrl, readShareUrl, shareQuery } from './urlSync';

describe('app link parameters', () => {
  it('breakpoints round-trip; the default list writes nothing; none is explicit', () => {
    expect(encodeBreakpoints(DEFAULT_BREAKPOINTS)).toBeNull();
    expect(encodeBreakpoints([])).toBe('none');
    const list = [
      makeBreakpoint({ kind: 'failure' }, false),
      makeBreakpoint({ kind: 'stale-write' }),
      makeBreakpoint({ kind: 'near-timeout', withinMs: 12.5 }),
    ];
    const text = encodeBreakpoints(list)!;
    expect(text).toBe('failure:off,stale-write,near-timeout:12.5');
    expect(decodeBreakpoints(text)).toEqual({ list, problems: [] });
    expect(decodeBreakpoints('none')).toEqual({ list: [], problems: [] });
  });

  it('names a bad breakpoint and its limit, keeping the good ones', () => {
    const d = decodeAppParams('?bp=stale-wirte,near-timeout:0,near-timeout:abc,retry');
    expect(d.breakpoints?.map((b) => b.id)).toEqual(['retry']);
    expect(d.problems).toEqual([
      {
        param: 'bp',
        message:
          '"stale-wirte" is not a breakpoint (did you mean "stale-write"?); allowed: stale-write, near-timeout, failure, retry (near-timeout:MS), each optionally :off; ignored',
      },
      {
        param: 'bp',
        message:
          '"near-timeout:0": near-timeout needs a number of ms above 0 and at most 60000, as near-timeout:50; ignored',
      },
      {
        param: 'bp',
        message:
          '"near-timeout:abc": near-timeout needs a number of ms above 0 and at most 60000, as near-timeout:50; ignored',
      },
    ]);
  });

  it('reads a lesson step (1-based) and refuses unknown lessons and steps out of range', () => {
    expect(decodeAppParams('?lesson=issue-96&step=3').lesson).toEqual({ id: 'issue-96', step: 2 });
    const bad = decodeAppParams('?lesson=issue-69&step=2');
    expect(bad.lesson).toBeNull();
    expect(bad.problems[0]?.message).toMatch(/unknown lesson "issue-69" \(did you mean "issue-96"\?\)/);
    const step = decodeAppParams('?lesson=issue-96&step=9');
    expect(step.lesson).toEqual({ id: 'issue-96', step: 0 });
    expect(step.problems[0]).toEqual({
      param: 'step',
      message: 'must be a whole number from 1 to 5 (the steps of "issue-96"), got "9"; opened step 1',
    });
  });

  it('the share codec leaves these parameters to the app (no "unknown parameter" notice)', () => {
    const d = readShareUrl('?preset=issue-96&bp=retry&lesson=anatomy&step=2');
    expect(d.problems).toEqual([]);
    expect(d.app.breakpoints?.map((b) => b.id)).toEqual(['retry']);
  });
});

describe('URL sync with lessons and breakpoints', () => {
  it('a lesson link opens the step at its pause; the URL names the step, and t/sel only when they differ', () => {
    const { store, port } = testStore();
    openFromUrl(store, readShareUrl('?lesson=issue-96&step=2&bp=stale-write'));
    expect(store.getState().breakpoints.map((b) => b.id)).toEqual(['stale-write']);
    const call = port.calls[0]!;
    expect(call.type).toBe('run');
    const scenario = call.type === 'run' ? call.scenario : presetScenario('issue-96');
    const trace = runScenario(scenario).trace;
    store.getState().receiveRunState(doneState(1, trace, scenario));
    const expected = resolveStep(lessonById('issue-96')!.steps[1]!, trace);
    if (!expected.ok) throw new Error(expected.problem);
    expect(store.getState().cursorUs).toBe(expected.step.t);
    expect(shareQuery(store.getState())).toBe('lesson=issue-96&step=2&bp=stale-write');
    store.getState().seek(1_000_000);
    expect(shareQuery(store.getState())).toBe('lesson=issue-96&step=2&t=1000000&bp=stale-write');
    // Off script (another client): the link describes the run on screen instead.
    store.getState().changeScenario({ client: { policy: 'httpx-0.23' } });
    store.getState().receiveRunState(
      doneState(2, STALE_REUSE_TRACE, {
        ...scenario,
        client: { ...scenario.client, policy: 'httpx-0.23' },
      }),
    );
    expect(shareQuery(store.getState())).toMatch(
      /^preset=issue-96&seed=96&client\.policy=httpx-0\.23&t=\d+(&sel=req:\d+)?&bp=stale-write$/,
    );
  });

  it('a link copied while an imported trace without scenario was shown says so when opened', () => {
    const { store } = testStore();
    openFromUrl(store, readShareUrl('?imported=trace'));
    expect(store.getState().notices[0]?.items[0]).toMatch(
      /^imported: this link was copied while an imported trace file/,
    );
  });
});
