// A small h11.Connection look-alike over the XState machine in ../machines/http11Connection.ts.
//
// Sources (python-hyper/h11): h11/_connection.py (Connection: send, next_event, start_next_cycle,
// our_state / their_state / our_role / their_role), h11/_util.py (ProtocolError,
// LocalProtocolError, RemoteProtocolError).

import { createMachineActor, type MachineActor } from '../executor';
import {
  type H11Error,
  type H11ErrorClass,
  type H11Role,
  type H11State,
  http11ConnectionMachine,
} from '../machines/http11Connection';
import type { H11Event } from './events';

export type { H11ErrorClass, H11Role, H11State };

/**
 * The Python name a traceback prints for an h11 error class.
 *
 * Both exception classes are defined in the private module `h11/_util.py` and re-exported from
 * `h11`; Python prints the defining module, so the name is `h11._util.RemoteProtocolError` in
 * h11 0.8.x (as quoted in encode/httpx issue #96) and still in 0.16.0.
 */
export function h11ErrorQualifiedName(cls: H11ErrorClass): string {
  return `h11._util.${cls}`;
}

/** An h11 ProtocolError: `errorClass` says which subclass h11 would raise. */
export class H11ProtocolError extends Error {
  readonly errorClass: H11ErrorClass;
  constructor(errorClass: H11ErrorClass, message: string) {
    super(message);
    this.name = errorClass;
    this.errorClass = errorClass;
  }
  /** e.g. `h11._util.RemoteProtocolError: can't handle event type ...` */
  get pythonTraceLine(): string {
    return `${h11ErrorQualifiedName(this.errorClass)}: ${this.message}`;
  }
}

export interface H11ReceiveResult {
  /** h11's next_event() returned PAUSED: the event was not consumed (h11 would keep its bytes buffered). */
  paused: boolean;
}

export class H11Connection {
  /** XState's actor or the executor's, per `executorMode()` (../executor). */
  readonly actor: MachineActor<typeof http11ConnectionMachine>;
  readonly ourRole: H11Role;
  readonly theirRole: H11Role;

  constructor(ourRole: H11Role) {
    this.ourRole = ourRole;
    this.theirRole = ourRole === 'CLIENT' ? 'SERVER' : 'CLIENT';
    this.actor = createMachineActor(http11ConnectionMachine, { input: { ourRole } });
    this.actor.start();
  }

  get ourState(): H11State {
    return this.stateOf(this.ourRole);
  }

  get theirState(): H11State {
    return this.stateOf(this.theirRole);
  }

  /** h11's Connection.states. */
  get states(): { CLIENT: H11State; SERVER: H11State } {
    const value = this.value;
    return { CLIENT: value.CLIENT, SERVER: value.SERVER };
  }

  /** The error raised by the last operation, if any. */
  get lastError(): H11Error | null {
    return this.actor.getSnapshot().context.lastError;
  }

  /** next_event() returned PAUSED on the last receive. */
  get paused(): boolean {
    return this.actor.getSnapshot().context.paused;
  }

  /** Stops the actor (a replay drops one connection for the next). */
  stop(): void {
    this.actor.stop();
  }

  /** Connection.send(event). Throws H11ProtocolError (LocalProtocolError). */
  send(event: H11Event): void {
    throwIf(this.trySend(event));
  }

  /** Connection.next_event() yielding `event` (ConnectionClosed means EOF). Throws RemoteProtocolError. */
  receive(event: H11Event): H11ReceiveResult {
    throwIf(this.tryReceive(event));
    return { paused: this.actor.getSnapshot().context.paused };
  }

  /** Connection.start_next_cycle(). Throws LocalProtocolError unless both roles are DONE. */
  startNextCycle(): void {
    throwIf(this.tryStartNextCycle());
  }

  // The try* forms return h11's error instead of throwing it (no Error object, no stack trace):
  // the simulation takes this path on every operation.

  /** Connection.send(event); returns the LocalProtocolError h11 would raise, or null. */
  trySend(event: H11Event): H11Error | null {
    this.actor.send({ type: 'send', event });
    return this.actor.getSnapshot().context.lastError;
  }

  /** Connection.next_event() yielding `event`; returns the RemoteProtocolError h11 would raise, or null. */
  tryReceive(event: H11Event): H11Error | null {
    this.actor.send({ type: 'receive', event });
    return this.actor.getSnapshot().context.lastError;
  }

  /** Connection.start_next_cycle(); returns the LocalProtocolError h11 would raise, or null. */
  tryStartNextCycle(): H11Error | null {
    this.actor.send({ type: 'startNextCycle' });
    return this.actor.getSnapshot().context.lastError;
  }

  private get value(): Record<H11Role, H11State> {
    return this.actor.getSnapshot().value as Record<H11Role, H11State>;
  }

  private stateOf(role: H11Role): H11State {
    return this.value[role];
  }
}

function throwIf(error: H11Error | null): void {
  if (error) throw new H11ProtocolError(error.class, error.message);
}
