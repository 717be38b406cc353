/** An h11 connection whose state changes are recorded in the trace. */
import {
  type H11Connection as H11,
  H11Connection,
  H11ProtocolError,
  h11ErrorQualifiedName,
} from '../h11/connection';
import type { H11Event } from '../h11/events';
import type { ErrorReport } from '../policies/types';
import type { Side } from '../trace/events';
import type { World } from './world';

export class TracedH11 {
  readonly h11: H11;
  private state: string;
  private cause = '';

  constructor(
    private readonly world: World,
    private readonly conn: number,
    private readonly side: Side,
  ) {
    this.h11 = new H11Connection(side === 'client' ? 'CLIENT' : 'SERVER');
    this.state = this.describe();
    this.h11.actor.subscribe(() => {
      const next = this.describe();
      if (next === this.state) return;
      this.world.record({
        kind: 'state',
        conn: this.conn,
        side: this.side,
        machine: 'h11',
        from: this.state,
        to: next,
        cause: this.cause,
      });
      this.state = next;
    });
  }

  /** `CLIENT_STATE/SERVER_STATE`, h11's names. */
  private describe(): string {
    const s = this.h11.states;
    return `${s.CLIENT}/${s.SERVER}`;
  }

  /** Sends or receives events in order; returns h11's error (class qualified as h11 names it) or null. */
  run(op: 'send' | 'receive', events: H11Event[]): ErrorReport | null {
    try {
      for (const event of events) {
        this.cause = `${op} ${event.type}`;
        if (op === 'send') this.h11.send(event);
        else this.h11.receive(event);
      }
      return null;
    } catch (e) {
      if (e instanceof H11ProtocolError)
        return { class: h11ErrorQualifiedName(e.errorClass), message: e.message };
      throw e;
    }
  }

  /** start_next_cycle() when both roles are DONE; false otherwise. */
  tryStartNextCycle(): boolean {
    const s = this.h11.states;
    if (s.CLIENT !== 'DONE' || s.SERVER !== 'DONE') return false;
    this.cause = 'start_next_cycle';
    this.h11.startNextCycle();
    return true;
  }

  get states() {
    return this.h11.states;
  }
}
