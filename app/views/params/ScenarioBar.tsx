/**
 * The scenario bar: what runs. The main choices stay visible (preset, client policy, server
 * profile and its idle timeout, seed); network and workload settings sit behind "More settings".
 * Every change forks a new run with the same seed and keeps the cursor; a value that validation
 * rejects is shown under its field (with the limit) and nothing runs.
 */
import { useState } from 'react';
import {
  CLIENT_POLICIES,
  describeScenario,
  HTTP_METHODS,
  PRESETS,
  recordedRun,
  type Scenario,
  SERVER_PROFILES,
  type Workload,
} from '../../../sim-core';
import { parseSeed } from '../../seed';
import { useApp } from '../../store/context';
import type { ScenarioChanges } from '../../worker/protocol';
import { CheckField, FieldShell, NumberField, type NumberFieldProps, SelectField } from './fields';
import { RunStatusLine } from './RunStatusLine';

const PRESET_LIST = Object.values(PRESETS);

/** Presets, policies and profiles as options: `name — title`. */
const namedOptions = (list: readonly { name: string; title: string }[]) =>
  list.map((x) => ({ value: x.name, label: `${x.name} — ${x.title}` }));

type Settings = Pick<Scenario, 'server' | 'client' | 'network'>;

/**
 * A number among the server, client or network settings: its value, its path, and the change it
 * makes (`ifEmpty` when the field is left empty; without it, empty means the default).
 */
function SettingNumber<S extends keyof Settings>({
  section,
  name,
  ifEmpty,
  ...field
}: { section: S; name: keyof Settings[S] & string; ifEmpty?: number } & Omit<
  NumberFieldProps,
  'path' | 'value' | 'onCommit'
>) {
  const value = useApp((s) => s.scenario[section][name]) as number | null | undefined;
  const change = useApp((s) => s.changeScenario);
  return (
    <NumberField
      path={`${section}.${name}`}
      value={value}
      onCommit={(v) => change({ [section]: { [name]: v ?? ifEmpty } } as ScenarioChanges)}
      {...field}
    />
  );
}

export function ScenarioBar() {
  const scenario = useApp((s) => s.scenario);
  const preset = useApp((s) => s.preset);
  const choosePreset = useApp((s) => s.choosePreset);
  const change = useApp((s) => s.changeScenario);
  const [more, setMore] = useState(false);
  // A preset with a field changed is no longer the preset its title describes: say what changed
  // (choosing the preset again opens it as it is).
  const described = describeScenario(scenario);
  const modified = preset !== null && described.preset === preset && described.changes.length > 0;
  const profile = SERVER_PROFILES.find((x) => x.name === scenario.server.profile);
  const policy = CLIENT_POLICIES.find((x) => x.name === scenario.client.policy);
  // A recorded trace without its scenario (a capture): the settings below were not recorded.
  const run = useApp((s) => s.run);
  const recorded = run?.source && !run.source.scenarioKnown ? recordedRun(run.trace) : null;

  return (
    <section className="scenario-bar" aria-label="Scenario" data-testid="scenario-bar">
      <div className="scenario-main">
        <SelectField
          path="preset"
          label="Preset"
          testId="preset-select"
          className="w-preset"
          value={modified ? '__modified' : (preset ?? '__custom')}
          options={[
            ...(modified ? [{ value: '__modified', label: described.label, disabled: true }] : []),
            ...namedOptions(PRESET_LIST),
            ...(preset === null ? [{ value: '__custom', label: 'custom scenario', disabled: true }] : []),
          ]}
          onChange={choosePreset}
        />
        <SelectField
          path="client.policy"
          label="Client (pool policy)"
          value={scenario.client.policy}
          options={namedOptions(CLIENT_POLICIES)}
          onChange={(policyName) => change({ client: { policy: policyName } })}
          className="w-client"
        />
        <SelectField
          path="server.profile"
          label="Server"
          value={scenario.server.profile}
          options={namedOptions(SERVER_PROFILES)}
          onChange={(name) => change({ server: { profile: name } })}
          className="w-server"
        />
        <SettingNumber
          section="server"
          name="idleTimeoutMs"
          label="Server idle timeout (ms)"
          placeholder={profile ? `${profile.idleTimeoutMs} (default)` : 'default'}
          optional
          width="medium"
        />
        <SeedField />
        <div className="field more-toggle">
          <span className="label-spacer" aria-hidden="true">
            &nbsp;
          </span>
          <button
            type="button"
            aria-expanded={more}
            aria-controls="more-settings"
            onClick={() => setMore(!more)}
            data-testid="more-settings"
          >
            {more ? 'Fewer settings ▴' : 'More settings ▾'}
          </button>
        </div>
      </div>
      <div className="scenario-foot">
        <p
          className="scenario-about"
          data-testid="scenario-about"
          title={[
            policy && `${policy.name}: ${policy.summary}`,
            profile && `${profile.name}: ${profile.summary}`,
          ]
            .filter(Boolean)
            .join('\n')}
        >
          {recorded ? (
            <span data-testid="scenario-recorded">
              <strong>{recorded.source === 'capture' ? 'Captured' : 'Real'}</strong>: client {recorded.client}
              , server {recorded.server}. Its settings were not recorded: these are the simulator's defaults,
              and changing one simulates them.{' '}
            </span>
          ) : policy ? (
            <>
              <strong>{policy.name}</strong>: {policy.summary}{' '}
            </>
          ) : null}
          {profile && !recorded ? (
            <>
              <strong>{profile.name}</strong>: {profile.summary}
            </>
          ) : null}
        </p>
        <RunStatusLine />
      </div>
      {more ? <MoreSettings scenario={scenario} /> : null}
    </section>
  );
}

function SeedField() {
  const seed = useApp((s) => s.scenario.seed);
  const setSeed = useApp((s) => s.setSeed);
  const problem = useApp((s) => s.fieldProblems.seed ?? null);
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const text = draft ?? String(seed);
  const commit = () => {
    if (draft === null) return;
    const parsed = parseSeed(draft);
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    setError(null);
    setDraft(null);
    if (parsed.seed !== seed) setSeed(parsed.seed);
  };
  const shown = error ?? problem;
  return (
    <FieldShell id="f-seed" label="Seed" error={null}>
      <input
        id="f-seed"
        className="num-input seed"
        data-testid="seed-input"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        value={text}
        aria-invalid={shown ? true : undefined}
        aria-describedby={shown ? 'seed-error' : undefined}
        onChange={(e) => {
          setDraft(e.target.value);
          if (error) setError(null);
        }}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') {
            setDraft(null);
            setError(null);
          }
        }}
      />
      {shown ? (
        <span className="field-error" id="seed-error" role="alert" data-testid="seed-error">
          {shown}
        </span>
      ) : null}
    </FieldShell>
  );
}

function MoreSettings({ scenario }: { scenario: Scenario }) {
  const change = useApp((s) => s.changeScenario);
  const policy = CLIENT_POLICIES.find((x) => x.name === scenario.client.policy);
  const expiryDefault = policy?.idleExpiryMs === null ? 'none' : `${policy?.idleExpiryMs ?? '?'}`;
  const profile = SERVER_PROFILES.find((x) => x.name === scenario.server.profile);
  const hint = scenario.server.keepAliveHint ?? (profile?.hint ?? 'never') !== 'never';
  const perConn = profile?.requestsPerConnection;
  return (
    <div id="more-settings" className="scenario-more">
      <fieldset>
        <legend>Server</legend>
        <SettingNumber
          section="server"
          name="requestsPerConnection"
          label="Requests per connection"
          integer
          optional
          placeholder={perConn === null || perConn === undefined ? 'unlimited' : `${perConn} (default)`}
          width="medium"
        />
        <CheckField
          path="server.keepAliveHint"
          label="Sends Keep-Alive: timeout=N"
          checked={hint}
          {...(scenario.server.keepAliveHint === undefined ? { note: '(profile default)' } : {})}
          onChange={(on) => change({ server: { keepAliveHint: on } })}
        />
        <CheckField
          path="server.leakyIdleTimer"
          label="Leaky idle timer (uvicorn #824 bug)"
          checked={scenario.server.leakyIdleTimer ?? false}
          onChange={(on) => change({ server: { leakyIdleTimer: on ? true : undefined } })}
        />
      </fieldset>
      <fieldset>
        <legend>Network</legend>
        <SettingNumber section="network" name="delayMs" label="One-way delay (ms)" ifEmpty={0} />
        <SettingNumber section="network" name="jitterMs" label="Jitter (ms)" ifEmpty={0} />
      </fieldset>
      <fieldset>
        <legend>Client</legend>
        <SettingNumber
          section="client"
          name="idleExpiryMs"
          label="Idle expiry (ms)"
          placeholder={`${expiryDefault} (policy)`}
          optional
          hint="Blank: the policy’s own"
          width="medium"
        />
      </fieldset>
      <WorkloadFields workload={scenario.workload} />
    </div>
  );
}

function WorkloadFields({ workload: w }: { workload: Workload }) {
  const change = useApp((s) => s.changeScenario);
  const set = (patch: Partial<Workload>) => change({ workload: { ...w, ...patch } as Workload });
  const fields = [];
  switch (w.kind) {
    case 'service-chain':
    case 'idle-then-burst': {
      fields.push(
        <NumberField
          key="bursts"
          path="workload.bursts"
          label="Bursts"
          integer
          value={w.bursts}
          onCommit={(v) => set({ bursts: v ?? 1 })}
        />,
      );
      if (w.idleMs.kind === 'uniform') {
        const idle = w.idleMs;
        fields.push(
          <NumberField
            key="idle-min"
            path="workload.idleMs.minMs"
            label="Idle between bursts, min (ms)"
            value={idle.minMs}
            onCommit={(v) => set({ idleMs: { ...idle, minMs: v ?? 0 } })}
            width="medium"
          />,
          <NumberField
            key="idle-max"
            path="workload.idleMs.maxMs"
            label="… max (ms)"
            value={idle.maxMs}
            onCommit={(v) => set({ idleMs: { ...idle, maxMs: v ?? 0 } })}
            width="medium"
          />,
        );
      } else if (w.idleMs.kind === 'fixed') {
        fields.push(
          <NumberField
            key="idle"
            path="workload.idleMs.ms"
            label="Idle between bursts (ms)"
            value={w.idleMs.ms}
            onCommit={(v) => set({ idleMs: { kind: 'fixed', ms: v ?? 0 } })}
            width="medium"
          />,
        );
      }
      if (w.kind === 'service-chain') {
        fields.push(
          <NumberField
            key="burst-max"
            path="workload.burstSize.max"
            label="Requests per burst, max"
            integer
            value={w.burstSize.max}
            onCommit={(v) => set({ burstSize: { ...w.burstSize, max: v ?? 1 } })}
          />,
        );
      } else {
        fields.push(
          <NumberField
            key="concurrency"
            path="workload.concurrency"
            label="Concurrency"
            integer
            value={w.concurrency}
            onCommit={(v) => set({ concurrency: v ?? 1 })}
          />,
        );
      }
      break;
    }
    case 'sequential': {
      const gaps = w.gapsMs;
      const same = gaps.length > 0 && gaps.every((g) => g === gaps[0]);
      fields.push(
        <NumberField
          key="count"
          path="workload.gapsMs"
          label="Requests"
          integer
          value={gaps.length + 1}
          onCommit={(v) => {
            const n = Math.max(1, v ?? 1);
            const gap = gaps[0] ?? 1000;
            set({ gapsMs: Array.from({ length: n - 1 }, (_, i) => gaps[i] ?? gap) });
          }}
        />,
        <NumberField
          key="gap"
          path="workload.gapsMs[0]"
          label="Idle gap between requests (ms)"
          value={same ? gaps[0] : null}
          placeholder={same ? undefined : 'varies'}
          onCommit={(v) => set({ gapsMs: gaps.map(() => v ?? 0) })}
          width="medium"
        />,
      );
      break;
    }
    case 'poisson':
      fields.push(
        <NumberField
          key="rate"
          path="workload.ratePerSec"
          label="Requests per second"
          value={w.ratePerSec}
          onCommit={(v) => set({ ratePerSec: v ?? 1 })}
        />,
        <NumberField
          key="count"
          path="workload.count"
          label="Requests"
          integer
          value={w.count}
          onCommit={(v) => set({ count: v ?? 1 })}
        />,
      );
      break;
  }
  return (
    <fieldset>
      <legend>Workload ({w.kind})</legend>
      {fields}
      <SelectField
        path="workload.method"
        label="Method"
        value={w.method}
        options={HTTP_METHODS.map((m) => ({ value: m, label: m }))}
        onChange={(m) => set({ method: m as Workload['method'] })}
      />
    </fieldset>
  );
}
