/**
 * Candidate fixes for a stack, from the model: each is a change to the RiskInput (measured later as
 * a counterfactual run on the same seeds, `rankFixes`) with the setting in the library's own words
 * (policies/settings.ts). Only changes the library can make are offered; what it cannot do is said
 * in `CLIENT_SETTINGS[policy].why`.
 */
import { clientPolicy, serverProfile } from '../policies';
import { CLIENT_SETTINGS, SERVER_SETTINGS } from '../policies/settings';
import { effectivePolicy } from './plan';
import type { Fix, FixCandidate, RiskEstimate, RiskInput } from './types';

/** The server's idle close as the client's clock sees it (Node closes 1 s after its setting). */
export function serverCloseMs(input: RiskInput): { configuredMs: number; closesAtMs: number } {
  const p = serverProfile(input.server.profile)!;
  const configuredMs = input.server.idleTimeoutMs ?? p.idleTimeoutMs;
  return { configuredMs, closesAtMs: configuredMs + p.extraCloseDelayMs };
}

/** The client's idle expiry in effect (the override, else the policy's). */
export function clientExpiryMs(input: RiskInput): number | null {
  const p = clientPolicy(effectivePolicy(input))!;
  return input.client.idleExpiryMs !== undefined ? input.client.idleExpiryMs : p.idleExpiryMs;
}

/**
 * How far below the server's close a client expiry must be: the round trip and jitter both ways
 * (the request must reach the server before it closes), a swept expiry's period (httpx 0.9.4
 * checks at most every second), and 1 s of room for timers and clocks that are not the model's.
 */
export function expiryMarginMs(input: RiskInput): number {
  const p = clientPolicy(effectivePolicy(input))!;
  const sweep = p.expiryCheck.kind === 'swept-at-checkout' ? p.expiryCheck.everyMs : 0;
  return 2 * (input.network.delayMs + input.network.jitterMs) + sweep + 1000;
}

export function candidateFixes(input: RiskInput): FixCandidate[] {
  const out: FixCandidate[] = [];
  const policy = effectivePolicy(input);
  const doc = CLIENT_SETTINGS[input.client.policy];
  const serverDoc = SERVER_SETTINGS[input.server.profile];
  const { configuredMs, closesAtMs } = serverCloseMs(input);
  const expiry = clientExpiryMs(input);
  const margin = expiryMarginMs(input);

  // 1. The client's expiry below the server's close, minus the margin.
  const target = Math.floor((closesAtMs - margin) / 100) * 100;
  if (doc?.expiry && target > 0 && (expiry === null || expiry > target)) {
    const e = doc.expiry;
    const ms = e.roundMs(target);
    out.push({
      id: 'client-expiry',
      change: `client idle expiry ${ms} ms, ${closesAtMs - ms} ms below the server's close at ${closesAtMs} ms`,
      setting: e.setting(ms),
      snippet: e.snippet(ms),
      source: e.source,
      apply: (i) => ({ ...i, client: { ...i.client, idleExpiryMs: ms } }),
    });
  }
  // 2. Retries for idempotent methods, where the library has a setting for them.
  if (clientPolicy(policy)!.retry === null && doc?.retriesOn) {
    const r = doc.retriesOn;
    out.push({
      id: 'retries-on',
      change: `retry idempotent requests that fail on a reused connection${r.note ? ` (${r.note})` : ''}`,
      setting: r.setting,
      snippet: r.snippet,
      source: r.source,
      apply: (i) => ({ ...i, client: { ...i.client, retries: 'on' } }),
    });
  }
  // 3. The server's timeout above the client's expiry (plus the margin), where the client has one.
  if (serverDoc && expiry !== null) {
    const extra = closesAtMs - configuredMs;
    const ms = serverDoc.timeout.roundMs(expiry + margin - extra);
    if (ms + extra > expiry && ms > configuredMs && ms <= 3_600_000) {
      out.push({
        id: 'server-timeout',
        change: `server idle timeout ${ms} ms, above the client's ${expiry} ms expiry`,
        setting: serverDoc.timeout.setting(ms),
        snippet: serverDoc.timeout.snippet(ms),
        source: serverDoc.timeout.source,
        apply: (i) => ({ ...i, server: { ...i.server, idleTimeoutMs: ms } }),
      });
    }
  }
  // 4. The Keep-Alive hint, for a client that honours it, from a server that can send it.
  const p = serverProfile(input.server.profile)!;
  const sendsHint = input.server.keepAliveHint ?? p.hint !== 'never';
  if (clientPolicy(policy)!.hint.use && !sendsHint && serverDoc?.hint) {
    const h = serverDoc.hint;
    out.push({
      id: 'keep-alive-hint',
      change: `the server sends Keep-Alive: timeout=${Math.floor(configuredMs / 1000)}, which ${policy} honours`,
      setting: h.setting,
      snippet: h.snippet(configuredMs),
      source: h.source,
      apply: (i) => ({ ...i, server: { ...i.server, keepAliveHint: true } }),
    });
  }
  // 5. A later policy of the same library (or its sibling), with the input's overrides kept.
  if (doc?.upgrade) {
    const u = doc.upgrade;
    out.push({
      id: 'upgrade',
      change: `upgrade to ${u.setting}`,
      setting: u.setting,
      snippet: u.snippet,
      source: u.source,
      apply: (i) => ({ ...i, client: { ...i.client, policy: u.policy, retries: undefined } }),
    });
  }
  // 6. The upgrade together with the upgraded client's expiry fix, when the upgrade alone still
  // leaves the race window (httpx 0.23's own 5 s expiry equals uvicorn's timeout).
  if (doc?.upgrade) {
    const up = doc.upgrade;
    const upgraded = clean({ ...input, client: { ...input.client, policy: up.policy, retries: undefined } });
    const expiryFix = candidateFixes(upgraded).find((f) => f.id === 'client-expiry');
    if (expiryFix)
      out.push({
        id: 'upgrade-and-expiry',
        change: `upgrade to ${up.setting}, and ${expiryFix.change}`,
        setting: `${up.setting}; ${expiryFix.setting}`,
        snippet: `${up.snippet}\n${expiryFix.snippet}`,
        source: `${up.source} ; ${expiryFix.source}`,
        apply: (i) =>
          expiryFix.apply({ ...i, client: { ...i.client, policy: up.policy, retries: undefined } }),
      });
  }
  return out.map((f) => ({ ...f, apply: (i: RiskInput) => clean(f.apply(i)) }));
}

/** What the stack's libraries cannot change (no such setting), to show beside the fixes. */
export function fixNotes(input: RiskInput): string[] {
  const out: string[] = [];
  const why = CLIENT_SETTINGS[input.client.policy]?.why;
  if (why) out.push(`${input.client.policy}: ${why}`);
  if (!SERVER_SETTINGS[input.server.profile])
    out.push(`${input.server.profile}: no setting known for its idle timeout`);
  return out;
}

/** Drops fields set to undefined (a RiskInput is plain JSON). */
function clean(i: RiskInput): RiskInput {
  return JSON.parse(JSON.stringify(i)) as RiskInput;
}

/**
 * Measured fixes, best first: fewer failures (by the interval's upper bound, so a lucky small
 * estimate does not outrank a sure one), then fewer duplicated side effects, then fewer retries.
 */
export function rankFixes(
  candidates: readonly FixCandidate[],
  input: RiskInput,
  estimates: readonly RiskEstimate[],
  baseline?: RiskEstimate,
): Fix[] {
  const fixes = candidates.map((c, k): Fix => {
    const estimate = estimates[k]!;
    const [lo, hi] = estimate.ci95PerMillion;
    // Better or worse only when the intervals do not overlap: otherwise the runs cannot tell.
    const vsBaseline: Fix['vsBaseline'] = !baseline
      ? undefined
      : hi < baseline.ci95PerMillion[0]
        ? 'better'
        : lo > baseline.ci95PerMillion[1]
          ? 'worse'
          : 'no measurable change';
    return {
      id: c.id,
      change: c.change,
      setting: c.setting,
      snippet: c.snippet,
      source: c.source,
      input: c.apply(input),
      estimate,
      duplicates: estimate.duplicates,
      ...(vsBaseline ? { vsBaseline } : {}),
    };
  });
  return fixes.sort(
    (a, b) =>
      a.estimate.ci95PerMillion[1] - b.estimate.ci95PerMillion[1] ||
      a.estimate.failuresPerMillion - b.estimate.failuresPerMillion ||
      a.duplicates - b.duplicates ||
      a.estimate.retries - b.estimate.retries,
  );
}
