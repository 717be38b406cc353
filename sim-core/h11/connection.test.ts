// Sequences ported from python-hyper/h11 h11/tests/test_connection.py, through H11Connection.
import { describe, expect, it } from 'vitest';
import { H11Connection, H11ProtocolError, h11ErrorQualifiedName } from './connection';
import type { H11Event } from './events';

const get = (headers: [string, string][] = [['Host', 'example.com']]): H11Event => ({
  type: 'Request',
  method: 'GET',
  target: '/',
  headers,
});
const eom: H11Event = { type: 'EndOfMessage' };

function expectError(fn: () => unknown, errorClass: string, message: string) {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(H11ProtocolError);
    expect((e as H11ProtocolError).errorClass).toBe(errorClass);
    expect((e as H11ProtocolError).message).toBe(message);
    return;
  }
  throw new Error('expected an H11ProtocolError');
}

describe('H11Connection', () => {
  it('reports errors without throwing on the try* path, and throws them on the h11 path', () => {
    const c = new H11Connection('CLIENT');
    expect(c.trySend(get([]))).toEqual({
      class: 'LocalProtocolError',
      message: 'Missing mandatory Host: header',
    });
    expect(c.tryStartNextCycle()).toEqual({
      class: 'LocalProtocolError',
      message: 'not in a reusable state. self.states={CLIENT: IDLE, SERVER: IDLE}',
    });
    expect(c.trySend(get())).toBeNull();
    expectError(
      () => c.send(get()),
      'LocalProtocolError',
      "can't handle event type Request when role=CLIENT and state=SEND_BODY",
    );
  });

  it('exposes roles and states like h11.Connection', () => {
    const c = new H11Connection('CLIENT');
    expect([c.ourRole, c.theirRole, c.ourState, c.theirState]).toEqual(['CLIENT', 'SERVER', 'IDLE', 'IDLE']);
    const seen: unknown[] = [];
    const sub = c.actor.subscribe((s) => seen.push(s.value));
    c.send(get());
    sub.unsubscribe();
    expect(seen).toEqual([{ CLIENT: 'SEND_BODY', SERVER: 'SEND_RESPONSE' }]);
  });

  it('test_Connection_basics_and_content_length', () => {
    const client = new H11Connection('CLIENT');
    const server = new H11Connection('SERVER');
    const request: H11Event = {
      type: 'Request',
      method: 'GET',
      target: '/',
      headers: [
        ['Host', 'example.com'],
        ['Content-Length', '10'],
      ],
    };
    for (const [c, f] of [
      [client, 'send'],
      [server, 'receive'],
    ] as const) {
      c[f](request);
      expect(c.states).toEqual({ CLIENT: 'SEND_BODY', SERVER: 'SEND_RESPONSE' });
    }
    const response: H11Event = { type: 'Response', status_code: 200, headers: [['Content-Length', '11']] };
    server.send(response);
    client.receive(response);
    expect(client.states).toEqual({ CLIENT: 'SEND_BODY', SERVER: 'SEND_BODY' });
    for (const d of ['12345', '67890']) {
      client.send({ type: 'Data', data: d });
      server.receive({ type: 'Data', data: d });
    }
    client.send(eom);
    server.receive(eom);
    server.send({ type: 'Data', data: '1234567890' });
    expectError(() => server.send(eom), 'LocalProtocolError', 'Too little data for declared Content-Length');
    expect(server.ourState).toBe('ERROR');
    expect(server.theirState).toBe('MUST_CLOSE');
  });

  it('test_chunked: trailers are allowed', () => {
    const c = new H11Connection('CLIENT');
    c.send({
      type: 'Request',
      method: 'GET',
      target: '/',
      headers: [
        ['Host', 'a'],
        ['Transfer-Encoding', 'chunked'],
      ],
    });
    c.send({ type: 'Data', data: '1234567890' });
    c.send({ type: 'EndOfMessage', headers: [['hello', 'there']] });
    expect(c.ourState).toBe('DONE');
  });

  it('test_client_talking_to_http10_server: the response has no length, EOF ends it', () => {
    const c = new H11Connection('CLIENT');
    c.send(get());
    c.send(eom);
    expect(c.ourState).toBe('DONE');
    c.receive({ type: 'Response', status_code: 200, headers: [], http_version: '1.0' });
    // HTTP/1.0 peer: keep-alive is off
    expect(c.ourState).toBe('MUST_CLOSE');
    c.receive({ type: 'Data', data: '12345' });
    c.receive({ type: 'ConnectionClosed' });
    expect(c.theirState).toBe('CLOSED');
  });

  it('test_server_talking_to_http10_client: the response gets Connection: close', () => {
    const c = new H11Connection('SERVER');
    c.receive({ type: 'Request', method: 'GET', target: '/', headers: [], http_version: '1.0' });
    c.receive(eom);
    expect(c.theirState).toBe('MUST_CLOSE');
    c.send({ type: 'Response', status_code: 200, headers: [] });
    c.send({ type: 'Data', data: '12345' });
    c.send(eom);
    expect(c.ourState).toBe('MUST_CLOSE');
    expectError(
      () => c.startNextCycle(),
      'LocalProtocolError',
      'not in a reusable state. self.states={CLIENT: MUST_CLOSE, SERVER: MUST_CLOSE}',
    );
  });

  it('test_automatic_transfer_encoding_in_response: HTTP/1.1 client keeps keep-alive', () => {
    const c = new H11Connection('SERVER');
    c.receive(get());
    c.receive(eom);
    c.send({ type: 'Response', status_code: 200, headers: [] });
    c.send({ type: 'Data', data: 'whatever length' });
    c.send(eom);
    expect(c.states).toEqual({ CLIENT: 'DONE', SERVER: 'DONE' });
    c.startNextCycle();
    expect(c.states).toEqual({ CLIENT: 'IDLE', SERVER: 'IDLE' });
  });

  it('HEAD and 204/304 responses have an empty body whatever the headers say', () => {
    const c = new H11Connection('SERVER');
    c.receive({ type: 'Request', method: 'HEAD', target: '/', headers: [['host', 'a']] });
    c.receive(eom);
    c.send({ type: 'Response', status_code: 200, headers: [['content-length', '100']] });
    expectError(
      () => c.send({ type: 'Data', data: 'x' }),
      'LocalProtocolError',
      'Too much data for declared Content-Length',
    );
    const d = new H11Connection('SERVER');
    d.receive(get());
    d.receive(eom);
    d.send({ type: 'Response', status_code: 204, headers: [] });
    d.send(eom);
    expect(d.ourState).toBe('DONE');
  });

  it('test_errors: send after a local error, receive after a remote error', () => {
    const c = new H11Connection('SERVER');
    expectError(
      () => c.receive({ type: 'Request', method: 'GET', target: '/', headers: [] }),
      'RemoteProtocolError',
      'Missing mandatory Host: header',
    );
    expect(c.theirState).toBe('ERROR');
    expect(c.ourState).toBe('IDLE');
    expectError(() => c.receive(get()), 'RemoteProtocolError', "Can't receive data when peer state is ERROR");
    // we can still send an error response
    c.send({ type: 'Response', status_code: 400, headers: [['content-length', '0']] });
    c.send(eom);
    expect(c.ourState).toBe('MUST_CLOSE');

    const d = new H11Connection('CLIENT');
    expectError(
      () => d.send({ type: 'Response', status_code: 200, headers: [] }),
      'LocalProtocolError',
      "can't handle event type Response when role=CLIENT and state=IDLE",
    );
    expectError(() => d.send(get()), 'LocalProtocolError', "Can't send data when our state is ERROR");
  });

  it('an event the constructor rejects leaves the state alone', () => {
    const c = new H11Connection('SERVER');
    c.receive(get());
    expectError(
      () => c.send({ type: 'Response', status_code: 150, headers: [] }),
      'LocalProtocolError',
      'Response status_code should be in range [200, 1000), not 150',
    );
    expectError(
      () => c.send({ type: 'InformationalResponse', status_code: 200, headers: [] }),
      'LocalProtocolError',
      'InformationalResponse status_code should be in range [100, 200), not 200',
    );
    expectError(
      () => c.send({ type: 'Response', status_code: 200, headers: [['bad name', 'x']] }),
      'LocalProtocolError',
      "Illegal header name b'bad name'",
    );
    expectError(
      () => c.send({ type: 'Response', status_code: 200, headers: [['a', 'x\ny']] }),
      'LocalProtocolError',
      "Illegal header value b'x\\ny'",
    );
    expectError(
      () =>
        c.send({
          type: 'Response',
          status_code: 200,
          headers: [
            ['content-length', '1'],
            ['content-length', '2'],
          ],
        }),
      'LocalProtocolError',
      'conflicting Content-Length headers',
    );
    expect(c.ourState).toBe('SEND_RESPONSE');
  });

  it('test_pipelining: a second request while the client is DONE is PAUSED', () => {
    const c = new H11Connection('SERVER');
    c.receive(get());
    c.receive(eom);
    expect(c.receive(get())).toEqual({ paused: true });
    expect(c.theirState).toBe('DONE');
    c.send({ type: 'Response', status_code: 200, headers: [['content-length', '0']] });
    c.send(eom);
    c.startNextCycle();
    expect(c.receive(get())).toEqual({ paused: false });
    expect(c.theirState).toBe('SEND_BODY');
  });

  it('test_close_simple: each side closing', () => {
    for (const who of ['CLIENT', 'SERVER'] as const) {
      const c = new H11Connection(who);
      c.send({ type: 'ConnectionClosed' });
      expect(c.ourState).toBe('CLOSED');
      expect(c.theirState).toBe('MUST_CLOSE');
      c.receive({ type: 'ConnectionClosed' });
      expect(c.theirState).toBe('CLOSED');
      expectError(
        () => c.send(who === 'CLIENT' ? get() : { type: 'Response', status_code: 200, headers: [] }),
        'LocalProtocolError',
        `can't handle event type ${who === 'CLIENT' ? 'Request' : 'Response'} when role=${who} and state=CLOSED`,
      );
    }
  });

  it('issue 96 with the Python name of the error', () => {
    const c = new H11Connection('CLIENT');
    c.send(get());
    c.send(eom);
    try {
      c.receive({ type: 'ConnectionClosed' });
      throw new Error('expected an error');
    } catch (e) {
      expect((e as H11ProtocolError).pythonTraceLine).toBe(
        "h11._util.RemoteProtocolError: can't handle event type ConnectionClosed when role=SERVER and state=SEND_RESPONSE",
      );
    }
    expect(h11ErrorQualifiedName('LocalProtocolError')).toBe('h11._util.LocalProtocolError');
  });
});
