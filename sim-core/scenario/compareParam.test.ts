import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeCompare,
  encodeCompare,
  encodeCompareFull,
  isUrlCompare,
  type UrlCompare,
} from './compareParam';
import { presetScenario } from './presets';
import { LIMITS } from './validate';

const A = presetScenario('issue-96');

describe('compare=… with what engineers vary', () => {
  it('reads the client’s expiry, the one-way delay and the server’s timeout, and writes them back', () => {
    const d = decodeCompare('client:httpx-0.23,expiry:4000,delay:20,timeout:5000', A);
    expect(d.problems).toEqual([]);
    expect(d.compare).toEqual({
      client: 'httpx-0.23',
      server: A.server.profile,
      expiryMs: 4000,
      delayMs: 20,
      timeoutMs: 5000,
    });
    expect(encodeCompare(d.compare, A)).toBe('client:httpx-0.23,expiry:4000,delay:20,timeout:5000');
    // An override alone is compare mode on, with A's client and server.
    const only = decodeCompare('delay:0.5', A);
    expect(only.compare).toEqual({ client: A.client.policy, server: A.server.profile, delayMs: 0.5 });
    expect(encodeCompare(only.compare, A)).toBe('delay:0.5');
    // No expiry at all.
    const none = decodeCompare('expiry:none', A);
    expect(none.compare?.expiryMs).toBeNull();
    expect(encodeCompare(none.compare, A)).toBe('expiry:none');
    expect(encodeCompareFull(none.compare)).toBe(
      `client:${A.client.policy},server:${A.server.profile},expiry:none`,
    );
  });

  it('names the field and its limit for a bad value, and ignores it', () => {
    const d = decodeCompare('client:httpx-0.23,delay:20000,timeout:0,expiry:soon', A);
    expect(d.compare).toEqual({ client: 'httpx-0.23', server: A.server.profile });
    expect(d.problems).toEqual([
      `delay (the one-way delay) must be from 0 to ${LIMITS.delayMs[1]} ms, got "20000"; ignored`,
      `timeout (the server’s idle timeout) must be from 1 to ${LIMITS.idleTimeoutMs[1]} ms, got "0"; ignored`,
      `expiry (the client’s idle expiry) must be from 1 to ${LIMITS.idleTimeoutMs[1]} ms (or none), got "soon"; ignored`,
    ]);
    const off = decodeCompare('delay:-1', A);
    expect(off.compare).toBeNull();
    expect(off.problems[0]).toMatch(
      /^delay \(the one-way delay\) must be from 0 to 10000 ms, got "-1"; ignored \(compare mode is off\)$/,
    );
    expect(decodeCompare('timout:5000', A).problems[0]).toMatch(/did you mean "timeout"/);
    for (const bad of ['1e3', '0x10', ' ', 'NaN', 'Infinity', '1.2345', '9'.repeat(400)])
      expect(decodeCompare(`delay:${bad}`, A).compare, bad).toBeNull();
  });

  it('round-trips every compare mode the link can carry (property)', () => {
    const ms = (range: readonly [number, number]) => fc.integer({ min: range[0], max: range[1] });
    const arb = fc.record(
      {
        client: fc.constantFrom('http3-0.6', 'httpx-0.23', 'go-net-http'),
        server: fc.constantFrom('uvicorn', 'node-http-20'),
        expiryMs: fc.option(ms(LIMITS.idleTimeoutMs), { nil: null }),
        delayMs: ms(LIMITS.delayMs),
        timeoutMs: ms(LIMITS.idleTimeoutMs),
      },
      { requiredKeys: ['client', 'server'] },
    );
    fc.assert(
      fc.property(arb, (c: UrlCompare) => {
        expect(isUrlCompare(c)).toBe(true);
        const back = decodeCompare(encodeCompare(c, A)!, A);
        expect(back.problems).toEqual([]);
        expect(back.compare).toEqual(c);
        expect(decodeCompare(encodeCompareFull(c)!, A).compare).toEqual(c);
      }),
    );
  });

  it('carries no override outside its limit', () => {
    const base = { client: 'httpx-0.23', server: 'uvicorn' };
    expect(isUrlCompare({ ...base, delayMs: -1 })).toBe(false);
    expect(isUrlCompare({ ...base, timeoutMs: 0 })).toBe(false);
    expect(isUrlCompare({ ...base, expiryMs: Number.NaN })).toBe(false);
    expect(encodeCompare({ ...base, delayMs: 1e9 }, A)).toBeNull();
  });
});
