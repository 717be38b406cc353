/**
 * The explorer's question: client policy and its overrides, server or load-balancer profile and
 * its timeout, network, traffic, method mix, processes, requests, seed. Each field commits on
 * Enter, leaving it, or choosing (a select); a value validation refuses stays in its box with the
 * message (field and limit) under it, and nothing runs until it is fixed.
 */
import { type KeyboardEvent, useEffect, useState } from 'react';
import {
  CLIENT_POLICIES,
  clientPolicy,
  LOAD_BALANCER_PROFILES,
  type RiskInput,
  type RiskTraffic,
  SERVER_PROFILES,
  serverProfile,
} from '../../../sim-core';
import { useApp } from '../../store/context';
import { FieldShell } from '../params/fields';

const fieldId = (path: string) => `risk-${path.replace(/[^\w]+/g, '-')}`;
const copy = (i: RiskInput): RiskInput => JSON.parse(JSON.stringify(i));

function useCommit(): [RiskInput, (edit: (next: RiskInput) => void) => void] {
  const input = useApp((s) => s.riskInput);
  const setRiskInput = useApp((s) => s.setRiskInput);
  return [
    input,
    (edit) => {
      const next = copy(input);
      edit(next);
      setRiskInput(next);
    },
  ];
}

interface NumProps {
  path: string;
  label: string;
  value: number | null | undefined;
  onCommit: (v: number | undefined) => void;
  optional?: boolean;
  placeholder?: string;
  hint?: string;
  /** What an empty box means, when `optional` (e.g. "the policy's 5000 ms"). */
  integer?: boolean;
}

function RiskNumber({ path, label, value, onCommit, optional, placeholder, hint, integer }: NumProps) {
  const id = fieldId(path);
  const problem = useApp((s) => s.riskProblems[path] ?? null);
  const shown = value === null || value === undefined ? '' : String(value);
  const [draft, setDraft] = useState(shown);
  const [local, setLocal] = useState<string | null>(null);
  useEffect(() => {
    setDraft(shown);
    setLocal(null);
  }, [shown]);
  const commit = () => {
    const text = draft.trim();
    if (text === shown && !problem) return;
    if (text === '') {
      if (optional) {
        setLocal(null);
        onCommit(undefined);
      } else setLocal(`${label}: enter a number.`);
      return;
    }
    const n = Number(text);
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) {
      setLocal(`${label}: “${text.slice(0, 20)}” is not a ${integer ? 'whole ' : ''}number.`);
      return;
    }
    setLocal(null);
    onCommit(n);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') commit();
    if (e.key === 'Escape') {
      e.stopPropagation();
      setDraft(shown);
      setLocal(null);
    }
  };
  const error = local ?? (problem ? `${label}: ${problem}` : null);
  return (
    <FieldShell id={id} label={label} error={error} {...(hint ? { hint } : {})}>
      <input
        id={id}
        className="num-input medium"
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        value={draft}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        data-testid={`risk-field-${path}`}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={onKeyDown}
      />
    </FieldShell>
  );
}

interface SelProps {
  path: string;
  label: string;
  value: string;
  groups: { label: string | null; options: { value: string; label: string }[] }[];
  onChange: (v: string) => void;
  hint?: string;
}

function RiskSelect({ path, label, value, groups, onChange, hint }: SelProps) {
  const id = fieldId(path);
  const stored = useApp((s) => s.riskProblems[path] ?? null);
  const problem = stored ? `${label}: ${stored}` : null;
  const options = (g: SelProps['groups'][number]) =>
    g.options.map((o) => (
      <option key={o.value} value={o.value}>
        {o.label}
      </option>
    ));
  return (
    <FieldShell id={id} label={label} error={problem} {...(hint ? { hint } : {})}>
      <select
        id={id}
        value={value}
        data-testid={`risk-field-${path}`}
        aria-invalid={problem ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      >
        {groups.map((g) =>
          g.label ? (
            <optgroup key={g.label} label={g.label}>
              {options(g)}
            </optgroup>
          ) : (
            options(g)
          ),
        )}
      </select>
    </FieldShell>
  );
}

type TrafficKind = 'exp' | 'uniform' | 'fixed' | 'poisson' | 'seed-bursts';

function trafficKind(t: RiskTraffic): TrafficKind {
  if (t.kind !== 'sequential') return t.kind;
  return t.gap.kind === 'exponential' ? 'exp' : t.gap.kind === 'uniform' ? 'uniform' : 'fixed';
}

function defaultTraffic(kind: TrafficKind): RiskTraffic {
  switch (kind) {
    case 'exp':
      return { kind: 'sequential', gap: { kind: 'exponential', meanMs: 4000 } };
    case 'uniform':
      return { kind: 'sequential', gap: { kind: 'uniform', minMs: 3000, maxMs: 7000 } };
    case 'fixed':
      return { kind: 'sequential', gap: { kind: 'fixed', ms: 5000 } };
    case 'poisson':
      return { kind: 'poisson', ratePerSec: 2 };
    case 'seed-bursts':
      return { kind: 'seed-bursts' };
  }
}

const LB_NAMES = new Set(LOAD_BALANCER_PROFILES.map((p) => p.name));

export function RiskForm() {
  const [input, commit] = useCommit();
  const policy = clientPolicy(input.client.policy);
  const profile = serverProfile(input.server.profile);
  const kind = trafficKind(input.traffic);
  const t = input.traffic;
  const gap = t.kind === 'sequential' ? t.gap : null;
  const expiryDefault =
    policy === undefined ? '' : policy.idleExpiryMs === null ? 'none' : String(policy.idleExpiryMs);
  return (
    <form className="risk-form" aria-label="Your stack" onSubmit={(e) => e.preventDefault()}>
      <fieldset>
        <legend>Client</legend>
        <RiskSelect
          path="client.policy"
          label="Client policy"
          value={input.client.policy}
          groups={[{ label: null, options: CLIENT_POLICIES.map((p) => ({ value: p.name, label: p.name })) }]}
          onChange={(v) =>
            commit((n) => {
              n.client.policy = v;
            })
          }
          {...(policy ? { hint: policy.title } : {})}
        />
        <RiskNumber
          path="client.idleExpiryMs"
          label="Idle expiry (ms)"
          value={input.client.idleExpiryMs}
          optional
          placeholder={expiryDefault}
          hint="empty: the policy’s"
          onCommit={(v) =>
            commit((n) => {
              if (v === undefined) delete n.client.idleExpiryMs;
              else n.client.idleExpiryMs = v;
            })
          }
        />
        <RiskSelect
          path="client.retries"
          label="Retries"
          hint="on: idempotent methods"
          value={input.client.retries ?? 'policy'}
          groups={[
            {
              label: null,
              options: [
                { value: 'policy', label: 'as policy' },
                { value: 'on', label: 'on' },
                { value: 'off', label: 'off' },
              ],
            },
          ]}
          onChange={(v) =>
            commit((n) => {
              if (v === 'policy') delete n.client.retries;
              else n.client.retries = v as 'on' | 'off';
            })
          }
        />
        <RiskNumber
          path="client.maxConnections"
          label="Pool size"
          value={input.client.maxConnections}
          optional
          integer
          placeholder="policy’s"
          onCommit={(v) =>
            commit((n) => {
              if (v === undefined) delete n.client.maxConnections;
              else n.client.maxConnections = v;
            })
          }
        />
      </fieldset>
      <fieldset>
        <legend>Server or load balancer</legend>
        <RiskSelect
          path="server.profile"
          label="Profile"
          value={input.server.profile}
          groups={[
            {
              label: 'Servers',
              options: SERVER_PROFILES.filter((p) => !LB_NAMES.has(p.name)).map((p) => ({
                value: p.name,
                label: p.name,
              })),
            },
            {
              label: 'Load balancers and proxies',
              options: LOAD_BALANCER_PROFILES.map((p) => ({ value: p.name, label: p.name })),
            },
          ]}
          onChange={(v) =>
            commit((n) => {
              n.server.profile = v;
            })
          }
          {...(profile ? { hint: profile.title } : {})}
        />
        <RiskNumber
          path="server.idleTimeoutMs"
          label="Idle timeout (ms)"
          value={input.server.idleTimeoutMs}
          optional
          placeholder={profile ? String(profile.idleTimeoutMs) : ''}
          hint="empty: the profile’s"
          onCommit={(v) =>
            commit((n) => {
              if (v === undefined) delete n.server.idleTimeoutMs;
              else n.server.idleTimeoutMs = v;
            })
          }
        />
        <RiskSelect
          path="server.keepAliveHint"
          label="Keep-Alive hint"
          value={
            input.server.keepAliveHint === undefined ? 'profile' : input.server.keepAliveHint ? 'on' : 'off'
          }
          groups={[
            {
              label: null,
              options: [
                { value: 'profile', label: 'as profile' },
                { value: 'on', label: 'sent' },
                { value: 'off', label: 'not sent' },
              ],
            },
          ]}
          onChange={(v) =>
            commit((n) => {
              if (v === 'profile') delete n.server.keepAliveHint;
              else n.server.keepAliveHint = v === 'on';
            })
          }
        />
      </fieldset>
      <fieldset>
        <legend>Network</legend>
        <RiskNumber
          path="network.delayMs"
          label="One-way delay (ms)"
          value={input.network.delayMs}
          hint={`round trip ${2 * input.network.delayMs} ms`}
          onCommit={(v) =>
            commit((n) => {
              n.network.delayMs = v ?? 0;
            })
          }
        />
        <RiskNumber
          path="network.jitterMs"
          label="Jitter (ms)"
          value={input.network.jitterMs}
          onCommit={(v) =>
            commit((n) => {
              n.network.jitterMs = v ?? 0;
            })
          }
        />
      </fieldset>
      <fieldset>
        <legend>Traffic</legend>
        <RiskSelect
          path="traffic.kind"
          label="Shape"
          value={kind}
          groups={[
            {
              label: null,
              options: [
                { value: 'exp', label: 'sequential, exponential gaps' },
                { value: 'uniform', label: 'sequential, uniform gaps' },
                { value: 'fixed', label: 'sequential, fixed gap' },
                { value: 'poisson', label: 'Poisson arrivals' },
                { value: 'seed-bursts', label: 'bursts after idle (httpx#96)' },
              ],
            },
          ]}
          onChange={(v) =>
            commit((n) => {
              n.traffic = defaultTraffic(v as TrafficKind);
            })
          }
        />
        {gap?.kind === 'exponential' ? (
          <RiskNumber
            path="traffic.gap.meanMs"
            label="Mean idle gap (ms)"
            value={gap.meanMs}
            onCommit={(v) =>
              commit((n) => {
                n.traffic = { kind: 'sequential', gap: { kind: 'exponential', meanMs: v ?? 0 } };
              })
            }
          />
        ) : null}
        {gap?.kind === 'uniform' ? (
          <>
            <RiskNumber
              path="traffic.gap.minMs"
              label="Shortest gap (ms)"
              value={gap.minMs}
              onCommit={(v) =>
                commit((n) => {
                  n.traffic = { kind: 'sequential', gap: { ...gap, minMs: v ?? 0 } };
                })
              }
            />
            <RiskNumber
              path="traffic.gap.maxMs"
              label="Longest gap (ms)"
              value={gap.maxMs}
              onCommit={(v) =>
                commit((n) => {
                  n.traffic = { kind: 'sequential', gap: { ...gap, maxMs: v ?? 0 } };
                })
              }
            />
          </>
        ) : null}
        {gap?.kind === 'fixed' ? (
          <RiskNumber
            path="traffic.gap.ms"
            label="Gap (ms)"
            value={gap.ms}
            onCommit={(v) =>
              commit((n) => {
                n.traffic = { kind: 'sequential', gap: { kind: 'fixed', ms: v ?? 0 } };
              })
            }
          />
        ) : null}
        {t.kind === 'poisson' ? (
          <RiskNumber
            path="traffic.ratePerSec"
            label="Requests per second"
            value={t.ratePerSec}
            onCommit={(v) =>
              commit((n) => {
                n.traffic = { kind: 'poisson', ratePerSec: v ?? 0 };
              })
            }
          />
        ) : null}
        <RiskNumber
          path="postShare"
          label="POST share (0–1)"
          value={input.postShare}
          onCommit={(v) =>
            commit((n) => {
              n.postShare = v ?? 0;
            })
          }
        />
        <RiskNumber
          path="processes"
          label="Client processes"
          value={input.processes}
          integer
          onCommit={(v) =>
            commit((n) => {
              n.processes = v ?? 1;
            })
          }
        />
      </fieldset>
      <fieldset>
        <legend>Monte Carlo</legend>
        <RiskNumber
          path="requests"
          label="Requests"
          value={input.requests}
          integer
          onCommit={(v) =>
            commit((n) => {
              n.requests = v ?? 0;
            })
          }
        />
        <RiskNumber
          path="seed"
          label="Seed"
          value={input.seed}
          integer
          onCommit={(v) =>
            commit((n) => {
              n.seed = v ?? 1;
            })
          }
        />
      </fieldset>
    </form>
  );
}
