/**
 * From the explorer to the stage. A run the Monte Carlo made is opened as a real, full run of
 * `scenarioForRun(input, run)` through the store's normal run path (the simulation worker,
 * `openScenario`), and once it is on screen the cursor jumps to the failed request's end and
 * selects it — the same moment PageDown would find. A fix is applied to the stage's scenario as
 * the change it makes to a scenario (the client and server settings that differ between the
 * scenarios of the two inputs), as a fork: same seed, cursor kept.
 */
import { type RiskInput, type Scenario, scenarioForRun } from '../../../sim-core';
import type { AppStore } from '../../store/store';
import { applyChanges, type ScenarioChanges } from '../../worker/protocol';

/** What the stage should show once the run is there: this request's failure, else the first. */
export function openOnStage(
  store: AppStore,
  scenario: Scenario,
  req: number | null,
  preset: string | null = null,
): void {
  const s = store.getState();
  s.setRiskOpen(false);
  s.openScenario(scenario, {
    preset,
    cursor: 'start',
    selection: null,
    onDone: (run) => {
      const failures = run.index.failures;
      const f = failures.find((x) => x.req === req) ?? failures[0];
      if (!f) return;
      const st = store.getState();
      st.pause();
      st.seek(f.t);
      st.select({ kind: 'req', id: f.req });
    },
  });
}

/** Opens run `run` of `input` on the stage at its first failure (or at the start if none). */
export function openRunOnStage(store: AppStore, input: RiskInput, run: number, req: number | null): void {
  openOnStage(store, scenarioForRun(input, run), req);
}

/** The keys of `b` whose values differ from `a`'s (JSON equality). */
function changed<T extends object>(a: T, b: T): Partial<T> {
  const out: Partial<T> = {};
  for (const k of Object.keys(b) as (keyof T)[])
    if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) out[k] = b[k];
  return out;
}

/** The scenario change a fix makes: client and server settings of `after`'s scenario that differ. */
export function fixChanges(before: RiskInput, after: RiskInput): ScenarioChanges {
  const a = scenarioForRun(before, 0);
  const b = scenarioForRun(after, 0);
  const changes: ScenarioChanges = {};
  const client = changed(a.client, b.client);
  const server = changed(a.server, b.server);
  if (Object.keys(client).length > 0) changes.client = client;
  if (Object.keys(server).length > 0) changes.server = server;
  return changes;
}

/**
 * Applies a fix to the explorer's input (which re-estimates) and to the stage's scenario (a
 * fork). Returns the stage scenario it asked for, or null when the fix changes nothing a
 * scenario holds.
 */
export function applyFix(store: AppStore, fixInput: RiskInput): Scenario | null {
  const s = store.getState();
  const changes = fixChanges(s.riskInput, fixInput);
  s.setRiskInput(fixInput);
  if (!changes.client && !changes.server) return null;
  const next = applyChanges(s.scenario, changes);
  s.changeScenario(changes);
  return next;
}
