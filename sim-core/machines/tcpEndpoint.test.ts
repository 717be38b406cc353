// The TCP behaviours of keepalive-race.md, one per test, on the machine alone.
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import {
  type ControlFlag,
  type Payload,
  peekRead,
  type TcpEmitted,
  type TcpEvent,
  tcpEndpointMachine,
  writeError,
} from './tcpEndpoint';

const payload = (label: string): Payload => ({ label, bytes: 100, message: label });

function endpoint() {
  const actor = createActor(tcpEndpointMachine);
  const emitted: TcpEmitted[] = [];
  actor.on('*', (e) => emitted.push(e as TcpEmitted));
  actor.start();
  const send = (e: TcpEvent) => actor.send(e);
  const segment = (flag: ControlFlag) => send({ type: 'SEGMENT', flag });
  const data = (label: string) => send({ type: 'SEGMENT', flag: 'DATA', payload: payload(label) });
  const state = () => actor.getSnapshot().value as string;
  const ctx = () => actor.getSnapshot().context;
  /** Segments sent since the last call. */
  const sent = () => {
    const out = emitted.filter((e) => e.type === 'send').map((e) => (e as { flag: string }).flag);
    emitted.length = 0;
    return out;
  };
  const write = (label: string) => {
    const err = writeError(state() as never, ctx());
    send({ type: 'WRITE', payload: payload(label) });
    return err;
  };
  const read = () => {
    const r = peekRead(ctx());
    send({ type: 'READ' });
    return r;
  };
  return { actor, send, segment, data, state, ctx, sent, write, read };
}

/** A client endpoint through the three-way handshake. */
function established() {
  const ep = endpoint();
  ep.send({ type: 'CONNECT' });
  ep.segment('SYN-ACK');
  ep.sent();
  return ep;
}

describe('tcpEndpoint', () => {
  it('connects: CLOSED → SYN-SENT → ESTABLISHED, sending SYN then ACK', () => {
    const ep = endpoint();
    ep.send({ type: 'CONNECT' });
    expect(ep.state()).toBe('SYN-SENT');
    ep.segment('SYN-ACK');
    expect(ep.state()).toBe('ESTABLISHED');
    expect(ep.sent()).toEqual(['SYN', 'ACK']);
  });

  it('accepts: LISTEN → SYN-RECEIVED → ESTABLISHED, answering SYN with SYN-ACK', () => {
    const ep = endpoint();
    ep.send({ type: 'LISTEN' });
    ep.segment('SYN');
    expect(ep.state()).toBe('SYN-RECEIVED');
    ep.segment('ACK');
    expect(ep.state()).toBe('ESTABLISHED');
    expect(ep.sent()).toEqual(['SYN-ACK']);
  });

  it('the first write after the peer’s FIN succeeds (CLOSE-WAIT is writable)', () => {
    const ep = established();
    ep.segment('FIN');
    expect(ep.state()).toBe('CLOSE-WAIT');
    expect(ep.sent()).toEqual(['ACK']);
    expect(ep.write('POST /auth')).toBeNull();
    expect(ep.sent()).toEqual(['DATA']);
    expect(ep.read()).toEqual({ kind: 'eof' });
  });

  it('answers data reaching a fully closed socket with RST', () => {
    const ep = established();
    ep.send({ type: 'CLOSE' });
    ep.segment('ACK');
    expect(ep.state()).toBe('FIN-WAIT-2');
    ep.sent();
    ep.data('POST /auth');
    expect(ep.sent()).toEqual(['RST']);
    expect(ep.state()).toBe('CLOSED');
    // Even a socket long gone (TIME-WAIT expired, no owner) answers with RST.
    ep.data('GET /');
    expect(ep.sent()).toEqual(['RST']);
  });

  it('sends RST instead of FIN when closed with unread received data', () => {
    const ep = established();
    ep.data('POST /auth');
    ep.send({ type: 'CLOSE' });
    expect(ep.sent()).toEqual(['RST']);
    expect(ep.state()).toBe('CLOSED');
    expect(ep.ctx().recvQueue).toEqual([]);
  });

  it('closes with FIN when everything received was read', () => {
    const ep = established();
    ep.data('200 OK');
    expect(ep.read()).toMatchObject({ kind: 'data' });
    ep.send({ type: 'CLOSE' });
    expect(ep.sent()).toEqual(['FIN']);
    expect(ep.state()).toBe('FIN-WAIT-1');
  });

  it('after FIN then RST: reads keep reporting EOF, the error is EPIPE, and a second write fails too', () => {
    const ep = established();
    ep.segment('FIN');
    expect(ep.write('POST /auth')).toBeNull();
    expect(ep.sent()).toEqual(['ACK', 'DATA']);
    ep.segment('RST');
    expect(ep.state()).toBe('CLOSED');
    expect(ep.ctx().error).toBe('EPIPE');
    expect(ep.read()).toEqual({ kind: 'eof' });
    expect(ep.read()).toEqual({ kind: 'eof' });
    expect(ep.write('POST /auth')).toBe('EPIPE');
    expect(ep.sent()).toEqual([]);
    expect(ep.write('POST /auth')).toBe('EPIPE');
  });

  it('an RST with no FIN before it makes the next read fail with ECONNRESET, once', () => {
    const ep = established();
    ep.segment('RST');
    expect(ep.state()).toBe('CLOSED');
    expect(ep.read()).toEqual({ kind: 'error', errno: 'ECONNRESET' });
    expect(ep.read()).toEqual({ kind: 'eof' });
    expect(ep.write('GET /')).toBe('EPIPE');
  });

  it('data already queued is read before the EOF or error behind it', () => {
    const ep = established();
    ep.data('200 OK');
    ep.segment('FIN');
    expect(ep.read()).toMatchObject({ kind: 'data', payload: { label: '200 OK' } });
    expect(ep.read()).toEqual({ kind: 'eof' });
  });

  it('a connection refused by RST reports ECONNREFUSED', () => {
    const ep = endpoint();
    ep.send({ type: 'CONNECT' });
    ep.segment('RST');
    expect(ep.state()).toBe('CLOSED');
    expect(ep.read()).toEqual({ kind: 'error', errno: 'ECONNREFUSED' });
  });

  it('walks both orderly closes: active (FIN-WAIT-1/2, TIME-WAIT) and passive (CLOSE-WAIT, LAST-ACK)', () => {
    const active = established();
    active.send({ type: 'CLOSE' });
    expect(active.state()).toBe('FIN-WAIT-1');
    active.segment('ACK');
    expect(active.state()).toBe('FIN-WAIT-2');
    active.segment('FIN');
    expect(active.state()).toBe('TIME-WAIT');
    expect(active.sent()).toEqual(['FIN', 'ACK']);

    const passive = established();
    passive.segment('FIN');
    passive.send({ type: 'CLOSE' });
    expect(passive.state()).toBe('LAST-ACK');
    passive.segment('ACK');
    expect(passive.state()).toBe('CLOSED');
    expect(passive.sent()).toEqual(['ACK', 'FIN']);
  });

  it('simultaneous close goes through CLOSING', () => {
    const ep = established();
    ep.send({ type: 'CLOSE' });
    ep.segment('FIN');
    expect(ep.state()).toBe('CLOSING');
    ep.segment('ACK');
    expect(ep.state()).toBe('TIME-WAIT');
  });

  it('writes after our own close() fail with EPIPE', () => {
    const ep = established();
    ep.send({ type: 'CLOSE' });
    expect(ep.write('GET /')).toBe('EPIPE');
    expect(ep.sent()).toEqual(['FIN']);
  });
  it('ABORT (SO_LINGER 0) sends RST instead of FIN and forgets the socket; later data gets RST', () => {
    const ep = established();
    ep.data('GET /');
    ep.send({ type: 'ABORT' });
    expect(ep.state()).toBe('CLOSED');
    expect(ep.sent()).toEqual(['RST']);
    expect(ep.ctx().recvQueue).toEqual([]);
    ep.data('GET /again');
    expect(ep.sent()).toEqual(['RST']);
  });

  it('FORGET (a silent idle drop) sends nothing; the next segment from the peer is answered with RST', () => {
    const ep = established();
    ep.send({ type: 'FORGET' });
    expect(ep.state()).toBe('CLOSED');
    expect(ep.sent()).toEqual([]);
    ep.data('GET /');
    expect(ep.sent()).toEqual(['RST']);
    ep.segment('RST');
    expect(ep.sent()).toEqual([]);
  });

  it('the client side of an RST with no FIN: CLOSED, the read fails ECONNRESET once, then writes EPIPE', () => {
    const ep = established();
    ep.segment('RST');
    expect(ep.state()).toBe('CLOSED');
    expect(ep.read()).toEqual({ kind: 'error', errno: 'ECONNRESET' });
    expect(ep.read()).toEqual({ kind: 'eof' });
    expect(ep.write('GET /')).toBe('EPIPE');
  });
});
