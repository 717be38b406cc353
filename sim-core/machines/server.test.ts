// The server's per-connection machine on the kernel's virtual clock.
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { Simulator, usFromMs } from '../kernel/simulator';
import { leakyServerMachine, type ServerEmitted, type ServerEvent, serverMachine } from './server';

function server(input: { idleCloseMs: number; requestsPerConnection: number | null }, leaky = false) {
  const sim = new Simulator();
  const actor = createActor(leaky ? leakyServerMachine : serverMachine, {
    input: { ...input, nowMs: () => sim.now / 1000 },
    clock: sim.xstateClock(),
  });
  const log: string[] = [];
  actor.on('*', (e) => {
    const em = e as ServerEmitted;
    log.push(`${sim.now / 1000}ms ${em.type}${em.type === 'respond' ? (em.closeAfter ? ' close' : '') : ''}`);
  });
  actor.start();
  const send = (e: ServerEvent) => actor.send(e);
  const request = (serviceMs: number, clientWantsClose = false) =>
    send({ type: 'REQUEST', serviceMs, clientWantsClose });
  const runTo = (ms: number) => sim.run(usFromMs(ms));
  const state = () => actor.getSnapshot().value;
  const at = (ms: number, fn: () => void) => sim.at(usFromMs(ms), fn);
  return { sim, send, request, runTo, state, log, at };
}

describe('server', () => {
  it('arms no idle timer before the first request', () => {
    const s = server({ idleCloseMs: 5000, requestsPerConnection: null });
    s.runTo(60_000);
    expect(s.state()).toBe('awaitingRequest');
    expect(s.log).toEqual([]);
  });

  it('responds after the service time, then closes when the idle timer fires', () => {
    const s = server({ idleCloseMs: 5000, requestsPerConnection: null });
    s.request(8);
    expect(s.state()).toBe('processing');
    s.runTo(100_000);
    expect(s.log).toEqual(['0ms handle', '8ms respond', '5008ms close']);
    expect(s.state()).toBe('closed');
  });

  it('a request during the idle period cancels the timer; it is re-armed after the next response', () => {
    const s = server({ idleCloseMs: 5000, requestsPerConnection: null });
    s.request(10);
    s.at(4000, () => s.request(10));
    s.runTo(100_000);
    expect(s.log).toEqual(['0ms handle', '10ms respond', '4000ms handle', '4010ms respond', '9010ms close']);
  });

  it('closes right after the response when the client asked for Connection: close', () => {
    const s = server({ idleCloseMs: 5000, requestsPerConnection: null });
    s.request(3, true);
    s.runTo(100);
    expect(s.log).toEqual(['0ms handle', '3ms respond close', '3ms close']);
  });

  it('closes after the last request it allows per connection', () => {
    const s = server({ idleCloseMs: 75_000, requestsPerConnection: 2 });
    s.request(1);
    s.at(10, () => s.request(1));
    s.runTo(1000);
    expect(s.log).toEqual(['0ms handle', '1ms respond', '10ms handle', '11ms respond close', '11ms close']);
  });

  it('a peer that goes away mid-request still gets its response written, then the transport closes', () => {
    const s = server({ idleCloseMs: 5000, requestsPerConnection: null });
    s.request(20);
    s.at(5, () => s.send({ type: 'PEER_GONE' }));
    s.runTo(1000);
    expect(s.log).toEqual(['0ms handle', '20ms respond close', '20ms close']);
  });

  it('a peer that closes an idle connection is closed at once', () => {
    const s = server({ idleCloseMs: 5000, requestsPerConnection: null });
    s.request(1);
    s.at(100, () => s.send({ type: 'PEER_GONE' }));
    s.runTo(10_000);
    expect(s.log).toEqual(['0ms handle', '1ms respond', '100ms close']);
  });

  it('leaky (uvicorn #824): the next request does not cancel the idle timer, which closes mid-request', () => {
    const s = server({ idleCloseMs: 5000, requestsPerConnection: null }, true);
    s.request(10);
    s.at(4000, () => s.request(2000));
    s.runTo(100_000);
    // Idle since 10 ms: the leaked timer fires at 5010 ms, while the second request is processed.
    expect(s.log).toEqual(['0ms handle', '10ms respond', '4000ms handle', '5010ms close']);
    expect(s.state()).toBe('closed');
  });

  it('leaky: a leaked timer also cuts a later idle period short', () => {
    const s = server({ idleCloseMs: 5000, requestsPerConnection: null }, true);
    s.request(10);
    s.at(3000, () => s.request(10));
    s.runTo(100_000);
    // A correct server would close at 3010 + 5000 ms; the leaked one fires at 5010 ms.
    expect(s.log).toEqual(['0ms handle', '10ms respond', '3000ms handle', '3010ms respond', '5010ms close']);
  });
});
