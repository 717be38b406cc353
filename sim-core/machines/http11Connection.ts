// h11's connection state machine (python-hyper/h11, modelled on 0.16.0) as an XState v5 machine.
// Long (~700 lines) on purpose: one machine per file, and h11's transition tables, keep-alive and
// protocol-switch rules and error texts are one unit that reads against h11's own _state.py.
//
// Sources (python-hyper/h11):
// - h11/_state.py       EVENT_TRIGGERED_TRANSITIONS, STATE_TRIGGERED_TRANSITIONS, ConnectionState
//                       (keep_alive, pending_switch_proposals, the fixed-point loop in
//                       _fire_state_triggered_transitions, start_next_cycle), error texts
//                       "can't handle event type {} when role={} and state={}",
//                       "Received server _SWITCH_UPGRADE event without a pending proposal",
//                       "not in a reusable state. self.states={...}"
// - h11/_connection.py  Connection: _keep_alive, _body_framing, _process_event (switch proposals,
//                       keep-alive, 100-continue), send_with_data_passthrough ("Can't send data when
//                       our state is ERROR"; the writer runs *after* the state transition),
//                       next_event ("Can't receive data when peer state is ERROR"; LocalProtocolError
//                       re-raised as RemoteProtocolError; PAUSED in DONE / MIGHT_SWITCH_PROTOCOL /
//                       SWITCHED_PROTOCOL), _clean_up_response_headers_for_sending
// - h11/_writers.py     "I only send HTTP/1.1", "Too much data for declared Content-Length",
//                       "Too little data for declared Content-Length", "Content-Length and trailers
//                       don't mix", "can't send trailers to HTTP/1.0 client"
// - h11/_readers.py     read_eof(): "peer closed connection without sending complete message body
//                       (received N bytes, expected M)" / "(incomplete chunked read)"; an HTTP/1.0
//                       (close-delimited) body ends with EndOfMessage at EOF
// - h11/_util.py        Sentinel repr is the bare name (so role=SERVER, state=SEND_RESPONSE)
//
// Design: h11's algorithm is procedural (an event-triggered table lookup per role, then a
// fixed-point loop of state-triggered rules, with errors that leave partial transitions in place).
// The pure core below (`applySend`, `applyReceive`, `applyStartNextCycle`) reproduces it step by
// step on `context.states`. The two parallel regions CLIENT and SERVER carry exactly h11's state
// names and only the edges h11's graph has (each edge describes its cause); after every operation
// each region walks along h11's graph to the state the core computed (eventless transitions on the
// shortest path). The tests check the regions always agree with the core, so the statechart is
// also a checked picture of h11's transition graph.
//
// Event-level reading (no bytes): `receive(event)` means "next_event() returned this event";
// `receive(ConnectionClosed)` means "the peer's EOF was read" (receive_data(b"") then next_event()
// until ConnectionClosed or an error), which is where h11's EOF texts come from.

import { assign, setup } from 'xstate';
import { declareFreshContexts, declareSettledBy } from '../executor/compile';
import {
  checkEvent,
  dataByteLength,
  getCommaHeader,
  type H11Event,
  type H11EventType,
  type H11Headers,
  type H11HttpVersion,
  type H11Request,
  type H11Response,
  type HeaderFacts,
  httpVersionOf,
  setCommaHeader,
} from '../h11/events';
import { H11_ROLE_STATES, type H11Role, type H11State } from '../h11/states';

export { H11_ROLE_STATES, type H11Role, type H11State };
export type H11ErrorClass = 'LocalProtocolError' | 'RemoteProtocolError';
export interface H11Error {
  class: H11ErrorClass;
  message: string;
}
export type H11States = { CLIENT: H11State; SERVER: H11State };

type SwitchKind = 'UPGRADE' | 'CONNECT';
/** An event-triggered table key: a plain event type, or h11's (event, annotation) tuples. */
type TransitionKey = H11EventType | 'Request@CLIENT' | 'InformationalResponse@UPGRADE' | 'Response@CONNECT';

/** h11/_state.py EVENT_TRIGGERED_TRANSITIONS. */
export const EVENT_TRIGGERED_TRANSITIONS: {
  readonly [R in H11Role]: { readonly [S in H11State]?: { readonly [K in TransitionKey]?: H11State } };
} = {
  CLIENT: {
    IDLE: { Request: 'SEND_BODY', ConnectionClosed: 'CLOSED' },
    SEND_BODY: { Data: 'SEND_BODY', EndOfMessage: 'DONE' },
    DONE: { ConnectionClosed: 'CLOSED' },
    MUST_CLOSE: { ConnectionClosed: 'CLOSED' },
    CLOSED: { ConnectionClosed: 'CLOSED' },
    MIGHT_SWITCH_PROTOCOL: {},
    SWITCHED_PROTOCOL: {},
    ERROR: {},
  },
  SERVER: {
    IDLE: { ConnectionClosed: 'CLOSED', Response: 'SEND_BODY', 'Request@CLIENT': 'SEND_RESPONSE' },
    SEND_RESPONSE: {
      InformationalResponse: 'SEND_RESPONSE',
      Response: 'SEND_BODY',
      'InformationalResponse@UPGRADE': 'SWITCHED_PROTOCOL',
      'Response@CONNECT': 'SWITCHED_PROTOCOL',
    },
    SEND_BODY: { Data: 'SEND_BODY', EndOfMessage: 'DONE' },
    DONE: { ConnectionClosed: 'CLOSED' },
    MUST_CLOSE: { ConnectionClosed: 'CLOSED' },
    CLOSED: { ConnectionClosed: 'CLOSED' },
    SWITCHED_PROTOCOL: {},
    ERROR: {},
  },
};

/** h11/_state.py STATE_TRIGGERED_TRANSITIONS: (client state, server state) -> changes. */
export const STATE_TRIGGERED_TRANSITIONS: ReadonlyArray<{
  client: H11State;
  server: H11State;
  set: Partial<H11States>;
}> = [
  { client: 'MIGHT_SWITCH_PROTOCOL', server: 'SWITCHED_PROTOCOL', set: { CLIENT: 'SWITCHED_PROTOCOL' } },
  { client: 'CLOSED', server: 'DONE', set: { SERVER: 'MUST_CLOSE' } },
  { client: 'CLOSED', server: 'IDLE', set: { SERVER: 'MUST_CLOSE' } },
  { client: 'ERROR', server: 'DONE', set: { SERVER: 'MUST_CLOSE' } },
  { client: 'DONE', server: 'CLOSED', set: { CLIENT: 'MUST_CLOSE' } },
  { client: 'IDLE', server: 'CLOSED', set: { CLIENT: 'MUST_CLOSE' } },
  { client: 'DONE', server: 'ERROR', set: { CLIENT: 'MUST_CLOSE' } },
];

/** How a body is delimited (h11/_connection.py _body_framing), with the bytes still expected. */
export type BodyFraming =
  | { kind: 'content-length'; length: number; remaining: number }
  | { kind: 'chunked' }
  | { kind: 'http/1.0' };

export interface Http11ConnectionContext {
  ourRole: H11Role;
  states: H11States;
  /** ConnectionState.keep_alive: once false, DONE becomes MUST_CLOSE. */
  keepAlive: boolean;
  /** ConnectionState.pending_switch_proposals. */
  pendingSwitchProposals: { UPGRADE: boolean; CONNECT: boolean };
  /** Connection._request_method. */
  requestMethod: string | null;
  /** Connection.their_http_version. */
  theirHttpVersion: H11HttpVersion | null;
  /** Connection.client_is_waiting_for_100_continue. */
  clientIsWaitingFor100Continue: boolean;
  /** Our body writer's framing while our role is in SEND_BODY. */
  ourBody: BodyFraming | null;
  /** Their body reader's framing while their role is in SEND_BODY. */
  theirBody: BodyFraming | null;
  /** Error raised by the last operation (cleared at the start of each operation). */
  lastError: H11Error | null;
  /** The last receive returned h11's PAUSED (the event was not consumed). */
  paused: boolean;
}

export type Http11ConnectionEvent =
  | { type: 'send'; event: H11Event }
  | { type: 'receive'; event: H11Event }
  | { type: 'startNextCycle' };

export interface Http11ConnectionInput {
  ourRole: H11Role;
}

const otherRole = (role: H11Role): H11Role => (role === 'CLIENT' ? 'SERVER' : 'CLIENT');

export function initialH11Context(ourRole: H11Role): Http11ConnectionContext {
  return {
    ourRole,
    states: { CLIENT: 'IDLE', SERVER: 'IDLE' },
    keepAlive: true,
    pendingSwitchProposals: { UPGRADE: false, CONNECT: false },
    requestMethod: null,
    theirHttpVersion: null,
    clientIsWaitingFor100Continue: false,
    ourBody: null,
    theirBody: null,
    lastError: null,
    paused: false,
  };
}

// ---------------------------------------------------------------------------------------------
// The pure core. `Work` is a mutable copy of the context for the duration of one operation.

/** Internally h11 raises LocalProtocolError everywhere; next_event() converts it to Remote. */
class ProtocolFailure {
  constructor(
    readonly message: string,
    /** A RemoteProtocolError raised directly (read_eof), not converted. */
    readonly remote = false,
  ) {}
}

type Work = Http11ConnectionContext;

const cloneBody = (b: BodyFraming | null): BodyFraming | null =>
  b === null
    ? null
    : b.kind === 'content-length'
      ? { kind: b.kind, length: b.length, remaining: b.remaining }
      : { kind: b.kind };

// A literal of fixed shape (not spreads): this runs on every operation.
function cloneContext(c: Http11ConnectionContext): Work {
  return {
    ourRole: c.ourRole,
    states: { CLIENT: c.states.CLIENT, SERVER: c.states.SERVER },
    keepAlive: c.keepAlive,
    pendingSwitchProposals: {
      UPGRADE: c.pendingSwitchProposals.UPGRADE,
      CONNECT: c.pendingSwitchProposals.CONNECT,
    },
    requestMethod: c.requestMethod,
    theirHttpVersion: c.theirHttpVersion,
    clientIsWaitingFor100Continue: c.clientIsWaitingFor100Continue,
    ourBody: cloneBody(c.ourBody),
    theirBody: cloneBody(c.theirBody),
    lastError: null,
    paused: false,
  };
}

/** ConnectionState._fire_state_triggered_transitions: apply the rules until a fixed point. */
function fireStateTriggeredTransitions(w: Work): void {
  for (;;) {
    const startClient = w.states.CLIENT;
    const startServer = w.states.SERVER;
    const pending = w.pendingSwitchProposals.UPGRADE || w.pendingSwitchProposals.CONNECT;
    // The protocol switch takes priority over DONE -> MUST_CLOSE.
    if (pending && w.states.CLIENT === 'DONE') w.states.CLIENT = 'MIGHT_SWITCH_PROTOCOL';
    if (!pending && w.states.CLIENT === 'MIGHT_SWITCH_PROTOCOL') w.states.CLIENT = 'DONE';
    if (!w.keepAlive) {
      if (w.states.CLIENT === 'DONE') w.states.CLIENT = 'MUST_CLOSE';
      if (w.states.SERVER === 'DONE') w.states.SERVER = 'MUST_CLOSE';
    }
    for (const rule of STATE_TRIGGERED_TRANSITIONS) {
      if (rule.client === w.states.CLIENT && rule.server === w.states.SERVER) {
        if (rule.set.CLIENT) w.states.CLIENT = rule.set.CLIENT;
        if (rule.set.SERVER) w.states.SERVER = rule.set.SERVER;
        break;
      }
    }
    if (w.states.CLIENT === startClient && w.states.SERVER === startServer) return;
  }
}

/** ConnectionState._fire_event_triggered_transitions. */
function fireEventTriggeredTransition(
  w: Work,
  role: H11Role,
  key: TransitionKey,
  eventType: H11EventType,
): void {
  const state = w.states[role];
  const next = EVENT_TRIGGERED_TRANSITIONS[role][state]?.[key];
  if (next === undefined) {
    // NB: for the tuple keys ((Request, CLIENT) and the switch annotations) real h11 evaluates
    // `event_type.__name__` on a tuple and raises AttributeError instead; we report the message h11
    // intends (see README "Not modelled").
    throw new ProtocolFailure(`can't handle event type ${eventType} when role=${role} and state=${state}`);
  }
  w.states[role] = next;
}

function processError(w: Work, role: H11Role): void {
  w.states[role] = 'ERROR';
  fireStateTriggeredTransitions(w);
}

function keepAliveOf(event: H11Request | H11Response, facts: HeaderFacts): boolean {
  if (facts.connectionClose) return false;
  if (httpVersionOf(event) < '1.1') return false;
  return true;
}

/** _body_framing(request_method, event). */
function bodyFraming(
  requestMethod: string | null,
  event: H11Request | H11Response,
  facts: HeaderFacts,
): BodyFraming {
  if (event.type === 'Response') {
    const s = event.status_code;
    if (
      s === 204 ||
      s === 304 ||
      requestMethod === 'HEAD' ||
      (requestMethod === 'CONNECT' && s >= 200 && s < 300)
    )
      return { kind: 'content-length', length: 0, remaining: 0 };
  }
  if (facts.chunked) return { kind: 'chunked' };
  if (facts.contentLength !== null)
    return { kind: 'content-length', length: facts.contentLength, remaining: facts.contentLength };
  if (event.type === 'Request') return { kind: 'content-length', length: 0, remaining: 0 };
  return { kind: 'http/1.0' };
}

/** Connection._clean_up_response_headers_for_sending. */
function cleanUpResponseForSending(w: Work, response: H11Response, facts: HeaderFacts): H11Response {
  let headers: H11Headers = response.headers;
  let needClose = false;
  const methodForHeaders = w.requestMethod === 'HEAD' ? 'GET' : w.requestMethod;
  const framing = bodyFraming(methodForHeaders, response, facts);
  if (framing.kind === 'chunked' || framing.kind === 'http/1.0') {
    headers = setCommaHeader(headers, 'content-length', []);
    if (w.theirHttpVersion === null || w.theirHttpVersion < '1.1') {
      headers = setCommaHeader(headers, 'transfer-encoding', []);
      if (w.requestMethod !== 'HEAD') needClose = true;
    } else {
      headers = setCommaHeader(headers, 'transfer-encoding', ['chunked']);
    }
  }
  if (!w.keepAlive || needClose) {
    const connection = new Set(getCommaHeader(headers, 'connection'));
    connection.delete('keep-alive');
    connection.add('close');
    headers = setCommaHeader(headers, 'connection', [...connection].sort());
  }
  return headers === response.headers ? response : { ...response, headers };
}

/** Connection._process_event(role, event). `facts` are the event's header facts (if it has headers). */
function processEvent(w: Work, role: H11Role, event: H11Event, facts: HeaderFacts | null): void {
  const oldOurs = w.states[w.ourRole];
  const theirRole = otherRole(w.ourRole);
  const oldTheirs = w.states[theirRole];

  if (role === 'CLIENT' && event.type === 'Request' && facts) {
    if (event.method === 'CONNECT') {
      w.pendingSwitchProposals.CONNECT = true;
      fireStateTriggeredTransitions(w);
    }
    if (facts.upgrade) {
      w.pendingSwitchProposals.UPGRADE = true;
      fireStateTriggeredTransitions(w);
    }
  }
  let serverSwitch: SwitchKind | null = null;
  if (role === 'SERVER') {
    if (event.type === 'InformationalResponse' && event.status_code === 101) serverSwitch = 'UPGRADE';
    else if (
      event.type === 'Response' &&
      w.pendingSwitchProposals.CONNECT &&
      event.status_code >= 200 &&
      event.status_code < 300
    )
      serverSwitch = 'CONNECT';
  }

  // ConnectionState.process_event
  let key: TransitionKey = event.type;
  if (serverSwitch !== null) {
    if (!w.pendingSwitchProposals[serverSwitch])
      // h11 0.16 hard-codes _SWITCH_UPGRADE here (0.8 formatted the sentinel); only UPGRADE can get here.
      throw new ProtocolFailure('Received server _SWITCH_UPGRADE event without a pending proposal');
    key = serverSwitch === 'UPGRADE' ? 'InformationalResponse@UPGRADE' : 'Response@CONNECT';
  }
  if (serverSwitch === null && event.type === 'Response') {
    w.pendingSwitchProposals.UPGRADE = false;
    w.pendingSwitchProposals.CONNECT = false;
  }
  fireEventTriggeredTransition(w, role, key, event.type);
  if (event.type === 'Request') {
    if (role !== 'CLIENT') throw new Error('unreachable: SERVER has no plain Request transition');
    fireEventTriggeredTransition(w, 'SERVER', 'Request@CLIENT', 'Request');
  }
  fireStateTriggeredTransitions(w);

  // Updates triggered by the event
  if (event.type === 'Request') w.requestMethod = event.method;
  if (
    role === theirRole &&
    (event.type === 'Request' || event.type === 'Response' || event.type === 'InformationalResponse')
  )
    w.theirHttpVersion = httpVersionOf(event);
  if ((event.type === 'Request' || event.type === 'Response') && facts && !keepAliveOf(event, facts)) {
    w.keepAlive = false;
    fireStateTriggeredTransitions(w);
  }
  if (event.type === 'Request' && facts && httpVersionOf(event) >= '1.1' && facts.expect100Continue)
    w.clientIsWaitingFor100Continue = true;
  if (event.type === 'InformationalResponse' || event.type === 'Response')
    w.clientIsWaitingFor100Continue = false;
  if (role === 'CLIENT' && (event.type === 'Data' || event.type === 'EndOfMessage'))
    w.clientIsWaitingFor100Continue = false;

  // _respond_to_state_changes: new writer/reader when a role's state changed
  if (w.states[w.ourRole] !== oldOurs) w.ourBody = framingFor(w, w.states[w.ourRole], event, facts);
  if (w.states[theirRole] !== oldTheirs) w.theirBody = framingFor(w, w.states[theirRole], event, facts);
}

/** The body writer/reader a role gets on entering `state` after `event`. */
function framingFor(
  w: Work,
  state: H11State,
  event: H11Event,
  facts: HeaderFacts | null,
): BodyFraming | null {
  return state === 'SEND_BODY' && (event.type === 'Request' || event.type === 'Response') && facts
    ? bodyFraming(w.requestMethod, event, facts)
    : null;
}

/** The checks a body writer makes (ContentLengthWriter / ChunkedWriter / Http10Writer). */
function checkBodyWriter(body: BodyFraming, event: H11Event): void {
  if (event.type === 'Data') {
    if (body.kind === 'content-length') {
      body.remaining -= dataByteLength(event);
      if (body.remaining < 0) throw new ProtocolFailure('Too much data for declared Content-Length');
    }
  } else if (event.type === 'EndOfMessage') {
    const trailers = event.headers !== undefined && event.headers.length > 0;
    if (body.kind === 'content-length') {
      if (body.remaining !== 0) throw new ProtocolFailure('Too little data for declared Content-Length');
      if (trailers) throw new ProtocolFailure("Content-Length and trailers don't mix");
    } else if (body.kind === 'http/1.0' && trailers) {
      throw new ProtocolFailure("can't send trailers to HTTP/1.0 client");
    }
  }
}

/** Connection.send(event). */
export function applySend(ctx: Http11ConnectionContext, event: H11Event): Http11ConnectionContext {
  const w = cloneContext(ctx);
  // The event constructor runs before send(): its errors leave the connection untouched.
  const check = checkEvent(event);
  if (!check.ok) {
    w.lastError = { class: 'LocalProtocolError', message: check.message };
    return w;
  }
  const ourRole = w.ourRole;
  if (w.states[ourRole] === 'ERROR') {
    w.lastError = { class: 'LocalProtocolError', message: "Can't send data when our state is ERROR" };
    return w;
  }
  try {
    let ev = event;
    let facts = check.facts;
    if (ev.type === 'Response' && facts) {
      ev = cleanUpResponseForSending(w, ev, facts);
      if (ev !== event) {
        const recheck = checkEvent(ev);
        if (recheck.ok) facts = recheck.facts;
      }
    }
    // The writer is chosen before the transition (send_with_data_passthrough's "little dance").
    const stateBefore = w.states[ourRole];
    const bodyBefore = w.ourBody;
    processEvent(w, ourRole, ev, facts);
    if (ev.type === 'ConnectionClosed') return w;
    if (ev.type === 'Request' || ev.type === 'Response' || ev.type === 'InformationalResponse') {
      // write_request / write_any_response (writers for (CLIENT, IDLE), (SERVER, IDLE|SEND_RESPONSE))
      if (stateBefore === 'IDLE' || stateBefore === 'SEND_RESPONSE')
        if (httpVersionOf(ev) !== '1.1') throw new ProtocolFailure('I only send HTTP/1.1');
    } else if (bodyBefore) {
      checkBodyWriter(bodyBefore, ev);
    }
  } catch (e) {
    if (!(e instanceof ProtocolFailure)) throw e;
    processError(w, ourRole);
    w.lastError = { class: 'LocalProtocolError', message: e.message };
  }
  return w;
}

/** Connection.next_event() having parsed `event` from the peer's bytes (ConnectionClosed = EOF). */
export function applyReceive(ctx: Http11ConnectionContext, event: H11Event): Http11ConnectionContext {
  const w = cloneContext(ctx);
  const theirRole = otherRole(w.ourRole);
  const theirState = w.states[theirRole];
  if (theirState === 'ERROR') {
    w.lastError = { class: 'RemoteProtocolError', message: "Can't receive data when peer state is ERROR" };
    return w;
  }
  // _extract_next_receive_event: PAUSED without consuming anything.
  if (
    theirState === 'MIGHT_SWITCH_PROTOCOL' ||
    theirState === 'SWITCHED_PROTOCOL' ||
    (theirState === 'DONE' && event.type !== 'ConnectionClosed')
  ) {
    w.paused = true;
    return w;
  }
  try {
    if (event.type === 'ConnectionClosed') {
      if (theirState === 'SEND_BODY' && w.theirBody) {
        const body = w.theirBody;
        if (body.kind === 'chunked')
          throw new ProtocolFailure(
            'peer closed connection without sending complete message body (incomplete chunked read)',
            true,
          );
        if (body.kind === 'content-length' && body.remaining > 0)
          throw new ProtocolFailure(
            `peer closed connection without sending complete message body (received ${
              body.length - body.remaining
            } bytes, expected ${body.length})`,
            true,
          );
        // Http10Reader.read_eof() (or a complete Content-Length body): EndOfMessage comes first.
        processEvent(w, theirRole, { type: 'EndOfMessage' }, null);
      }
      processEvent(w, theirRole, event, null);
      return w;
    }
    // The reader builds the event (constructor checks run inside next_event()).
    const check = checkEvent(event);
    if (!check.ok) throw new ProtocolFailure(check.message);
    if (theirState === 'SEND_BODY' && w.theirBody && (event.type === 'Data' || event.type === 'EndOfMessage'))
      // Event-level stand-in: h11's byte reader could not produce such an event; we flag it with
      // the writer's wording (see README).
      checkBodyWriter(w.theirBody, event);
    processEvent(w, theirRole, event, check.facts);
  } catch (e) {
    if (!(e instanceof ProtocolFailure)) throw e;
    processError(w, theirRole);
    w.lastError = { class: 'RemoteProtocolError', message: e.message };
  }
  return w;
}

/** Connection.start_next_cycle(). */
export function applyStartNextCycle(ctx: Http11ConnectionContext): Http11ConnectionContext {
  const w = cloneContext(ctx);
  if (w.states.CLIENT !== 'DONE' || w.states.SERVER !== 'DONE') {
    w.lastError = {
      class: 'LocalProtocolError',
      message: `not in a reusable state. self.states={CLIENT: ${w.states.CLIENT}, SERVER: ${w.states.SERVER}}`,
    };
    return w;
  }
  w.states = { CLIENT: 'IDLE', SERVER: 'IDLE' };
  w.requestMethod = null;
  w.ourBody = null;
  w.theirBody = null;
  return w;
}

// ---------------------------------------------------------------------------------------------
// The statechart: h11's per-role transition graph, with a description on every edge.

type Edge = { to: H11State; description: string };

const ROLE_EDGES: { readonly [R in H11Role]: { readonly [S in H11State]?: readonly Edge[] } } = {
  CLIENT: {
    IDLE: [
      { to: 'SEND_BODY', description: 'Request (the server role moves to SEND_RESPONSE on the same event)' },
      { to: 'CLOSED', description: 'ConnectionClosed' },
      { to: 'MUST_CLOSE', description: 'state-triggered: server is CLOSED' },
      {
        to: 'ERROR',
        description: 'a protocol error by the client (our send failed, or their event was bad)',
      },
    ],
    SEND_BODY: [
      { to: 'DONE', description: 'EndOfMessage' },
      { to: 'ERROR', description: 'protocol error by the client' },
    ],
    DONE: [
      { to: 'CLOSED', description: 'ConnectionClosed' },
      {
        to: 'MIGHT_SWITCH_PROTOCOL',
        description: 'state-triggered: a switch proposal (Upgrade/CONNECT) is pending',
      },
      { to: 'MUST_CLOSE', description: 'state-triggered: keep-alive disabled, or server CLOSED / ERROR' },
      { to: 'IDLE', description: 'start_next_cycle() with both roles DONE' },
      { to: 'ERROR', description: 'protocol error by the client' },
    ],
    MUST_CLOSE: [
      { to: 'CLOSED', description: 'ConnectionClosed' },
      { to: 'ERROR', description: 'protocol error by the client' },
    ],
    CLOSED: [{ to: 'ERROR', description: 'protocol error by the client' }],
    MIGHT_SWITCH_PROTOCOL: [
      { to: 'DONE', description: 'state-triggered: the server denied the switch (a plain Response)' },
      { to: 'SWITCHED_PROTOCOL', description: 'state-triggered: the server is SWITCHED_PROTOCOL' },
      { to: 'ERROR', description: 'protocol error by the client' },
    ],
    SWITCHED_PROTOCOL: [{ to: 'ERROR', description: 'protocol error by the client' }],
    ERROR: [],
  },
  SERVER: {
    IDLE: [
      { to: 'SEND_RESPONSE', description: "the client's Request" },
      { to: 'SEND_BODY', description: 'Response without a request (e.g. an error response)' },
      { to: 'CLOSED', description: 'ConnectionClosed' },
      { to: 'MUST_CLOSE', description: 'state-triggered: client is CLOSED' },
      { to: 'ERROR', description: 'protocol error by the server' },
    ],
    SEND_RESPONSE: [
      { to: 'SEND_BODY', description: 'Response' },
      {
        to: 'SWITCHED_PROTOCOL',
        description: '101 InformationalResponse accepting Upgrade, or 2xx Response accepting CONNECT',
      },
      { to: 'ERROR', description: 'protocol error by the server (e.g. ConnectionClosed here)' },
    ],
    SEND_BODY: [
      { to: 'DONE', description: 'EndOfMessage' },
      { to: 'ERROR', description: 'protocol error by the server' },
    ],
    DONE: [
      { to: 'CLOSED', description: 'ConnectionClosed' },
      { to: 'MUST_CLOSE', description: 'state-triggered: keep-alive disabled, or client CLOSED / ERROR' },
      { to: 'IDLE', description: 'start_next_cycle() with both roles DONE' },
      { to: 'ERROR', description: 'protocol error by the server' },
    ],
    MUST_CLOSE: [
      { to: 'CLOSED', description: 'ConnectionClosed' },
      { to: 'ERROR', description: 'protocol error by the server' },
    ],
    CLOSED: [{ to: 'ERROR', description: 'protocol error by the server' }],
    SWITCHED_PROTOCOL: [{ to: 'ERROR', description: 'protocol error by the server' }],
    ERROR: [],
  },
};

/** DIST[role][from][to]: number of edges on the shortest path (Infinity when unreachable). */
const DIST: { [R in H11Role]: Record<string, Record<string, number>> } = {
  CLIENT: shortestPaths('CLIENT'),
  SERVER: shortestPaths('SERVER'),
};

function shortestPaths(role: H11Role): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const from of H11_ROLE_STATES[role]) {
    const dist: Record<string, number> = { [from]: 0 };
    const queue: H11State[] = [from];
    for (let q = queue.shift(); q !== undefined; q = queue.shift()) {
      for (const e of ROLE_EDGES[role][q] ?? []) {
        if (dist[e.to] === undefined) {
          dist[e.to] = (dist[q] ?? 0) + 1;
          queue.push(e.to);
        }
      }
    }
    out[from] = dist;
  }
  return out;
}

function distance(role: H11Role, from: H11State, to: H11State): number {
  return DIST[role][from]?.[to] ?? Number.POSITIVE_INFINITY;
}

/** Whether the edge `from → via` starts a shortest path to `to` (the guard below, for every state). */
const liesAlong = (role: H11Role, from: H11State, via: H11State, to: H11State): boolean =>
  to !== from && distance(role, via, to) === distance(role, from, to) - 1;

/**
 * ALONG[role][from][via][to] = liesAlong(…), computed once: the guard runs for every `always`
 * edge of both regions after every operation, so it is a lookup instead of two distances.
 */
const ALONG: { [R in H11Role]: Record<string, Record<string, Record<string, boolean>>> } = {
  CLIENT: alongTable('CLIENT'),
  SERVER: alongTable('SERVER'),
};

function alongTable(role: H11Role): Record<string, Record<string, Record<string, boolean>>> {
  const states = H11_ROLE_STATES[role];
  return Object.fromEntries(
    states.map((from) => [
      from,
      Object.fromEntries(
        (ROLE_EDGES[role][from] ?? []).map((e) => [
          e.to,
          Object.fromEntries(states.map((to) => [to, liesAlong(role, from, e.to, to)])),
        ]),
      ),
    ]),
  );
}

type StepParams = { role: H11Role; from: H11State; via: H11State };

function regionConfig(role: H11Role) {
  const states: Record<
    string,
    {
      always: {
        guard: { type: 'coreStateLiesAlongEdge'; params: StepParams };
        target: H11State;
        description: string;
      }[];
    }
  > = {};
  for (const from of H11_ROLE_STATES[role]) {
    states[from] = {
      always: (ROLE_EDGES[role][from] ?? []).map((e) => ({
        guard: { type: 'coreStateLiesAlongEdge' as const, params: { role, from, via: e.to } },
        target: e.to,
        description: e.description,
      })),
    };
  }
  return { initial: 'IDLE' as const, states };
}

export const http11ConnectionMachine = setup({
  types: {
    context: {} as Http11ConnectionContext,
    events: {} as Http11ConnectionEvent,
    input: {} as Http11ConnectionInput,
  },
  guards: {
    /** The core put this role somewhere that is reached from `from` by taking the edge to `via`. */
    coreStateLiesAlongEdge: ({ context }, { role, from, via }: StepParams) => {
      const target = context.states[role];
      return ALONG[role][from]?.[via]?.[target] ?? liesAlong(role, from, via, target);
    },
  },
  actions: {
    runSend: assign(({ context, event }) => (event.type === 'send' ? applySend(context, event.event) : {})),
    runReceive: assign(({ context, event }) =>
      event.type === 'receive' ? applyReceive(context, event.event) : {},
    ),
    runStartNextCycle: assign(({ context }) => applyStartNextCycle(context)),
  },
}).createMachine({
  id: 'http11Connection',
  type: 'parallel',
  context: ({ input }) => initialH11Context(input.ourRole),
  on: {
    send: {
      actions: 'runSend',
      description:
        'Connection.send(event): our role processes the event (errors: LocalProtocolError, our role -> ERROR)',
    },
    receive: {
      actions: 'runReceive',
      description:
        'Connection.next_event() returned this event (ConnectionClosed = EOF read); errors: RemoteProtocolError, their role -> ERROR',
    },
    startNextCycle: {
      actions: 'runStartNextCycle',
      description: 'Connection.start_next_cycle(): both roles DONE -> IDLE, else LocalProtocolError',
    },
  },
  states: {
    CLIENT: regionConfig('CLIENT'),
    SERVER: regionConfig('SERVER'),
  },
});

// `CLIENT/SERVER` for every pair of h11 states, made once: the executor's key below is read per
// operation, and the trace's h11 state events carry these strings (world/tracedH11.ts).
const H11_STATES = [...new Set([...H11_ROLE_STATES.CLIENT, ...H11_ROLE_STATES.SERVER])];
const STATE_PAIRS = Object.fromEntries(
  H11_STATES.map((c) => [c, Object.fromEntries(H11_STATES.map((s) => [s, `${c}/${s}`]))]),
) as { [C in H11State]: { [S in H11State]: string } };

/** `CLIENT_STATE/SERVER_STATE`, h11's names (one shared string per pair). */
export const h11StatesName = (client: H11State, server: H11State): string => STATE_PAIRS[client][server];

// The regions' `always` edges read nothing but `context.states` (coreStateLiesAlongEdge) and run
// no action: where the walk after an operation ends depends only on where it starts and on the
// two states the core computed. The executor may walk each such pair once (executor/compile.ts).
declareSettledBy(http11ConnectionMachine, (c) => h11StatesName(c.states.CLIENT, c.states.SERVER));
// Every assign returns `applySend`/`applyReceive`/`applyStartNextCycle`'s result: a new context
// (`cloneContext`) that nothing keeps; the executor may keep it as the next context instead of copying it.
declareFreshContexts(http11ConnectionMachine);
