/**
 * h11's connection states, per role: one table for the machine (machines/http11Connection.ts),
 * the trace import check (trace/io.ts) and the lesson claims. A module of its own so the trace
 * code can name the states without importing the machine.
 *
 * Source: h11/_state.py, the keys of EVENT_TRIGGERED_TRANSITIONS per role.
 */
export type H11Role = 'CLIENT' | 'SERVER';
export type H11State =
  | 'IDLE'
  | 'SEND_RESPONSE'
  | 'SEND_BODY'
  | 'DONE'
  | 'MUST_CLOSE'
  | 'CLOSED'
  | 'MIGHT_SWITCH_PROTOCOL'
  | 'SWITCHED_PROTOCOL'
  | 'ERROR';

/** Which states each role can be in. */
export const H11_ROLE_STATES: { readonly [R in H11Role]: readonly H11State[] } = {
  CLIENT: [
    'IDLE',
    'SEND_BODY',
    'DONE',
    'MUST_CLOSE',
    'CLOSED',
    'MIGHT_SWITCH_PROTOCOL',
    'SWITCHED_PROTOCOL',
    'ERROR',
  ],
  SERVER: [
    'IDLE',
    'SEND_RESPONSE',
    'SEND_BODY',
    'DONE',
    'MUST_CLOSE',
    'CLOSED',
    'SWITCHED_PROTOCOL',
    'ERROR',
  ],
};
