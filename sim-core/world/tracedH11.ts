/** An h11 connection whose state changes are recorded in the trace. */
import {
  type H11Connection as H11,
  H11Connection,
  H11ProtocolError,
  type H11State,
  h11ErrorQualifiedName,
} from '../h11/connection';
import { H11_EVENT_TYPES, type H11Event, type H11EventType } from '../h11/events';
import { h11StatesName } from '../machines/http11Connection';
import { outcomeReadsState } from '../metrics/outcomeReads';
import type { ErrorReport } from '../policies/types';
import type { Side } from '../trace/events';
import type { World } from './world';

type Operation = 'send' | 'receive';
const CAUSES: { [Op in Operation]: { [T in H11EventType]: string } } = {
  send: causesFor('send'),
  receive: causesFor('receive'),
};
function causesFor(op: Operation): { [T in H11EventType]: string } {
  return Object.fromEntries(H11_EVENT_TYPES.map((t) => [t, `${op} ${t}`])) as { [T in H11EventType]: string };
}

export class TracedH11 {
  readonly h11: H11;
  private client: H11State;
  private server: H11State;
  /** The `cause` of a state change during the operation in progress. */
  private cause = '';

  constructor(
    private readonly world: World,
    private readonly conn: number,
    private readonly side: Side,
  ) {
    this.h11 = new H11Connection(side === 'client' ? 'CLIENT' : 'SERVER');
    const s = this.h11.states;
    this.client = s.CLIENT;
    this.server = s.SERVER;
    // Without a trace nobody reads h11's state events: they are only counted.
    if (!world.full && !outcomeReadsState('h11', side)) {
      this.h11.actor.subscribe((snapshot) => {
        const value = snapshot.value as { CLIENT: H11State; SERVER: H11State };
        if (value.CLIENT === this.client && value.SERVER === this.server) return;
        world.skip();
        this.client = value.CLIENT;
        this.server = value.SERVER;
      });
      return;
    }
    // XState notifies on every send: compare the regions before building anything.
    this.h11.actor.subscribe((snapshot) => {
      const value = snapshot.value as { CLIENT: H11State; SERVER: H11State };
      if (value.CLIENT === this.client && value.SERVER === this.server) return;
      const from = h11StatesName(this.client, this.server);
      const to = h11StatesName(value.CLIENT, value.SERVER);
      this.world.record({
        seq: 0,
        t: 0,
        kind: 'state',
        conn: this.conn,
        side: this.side,
        machine: 'h11',
        from,
        to,
        cause: this.cause,
      });
      this.client = value.CLIENT;
      this.server = value.SERVER;
    });
  }

  /** Sends or receives events in order; returns h11's error (class qualified as h11 names it) or null. */
  run(op: Operation, events: H11Event[]): ErrorReport | null {
    const causes = CAUSES[op];
    for (const event of events) {
      this.cause = causes[event.type];
      const error = op === 'send' ? this.h11.trySend(event) : this.h11.tryReceive(event);
      if (error) return { class: h11ErrorQualifiedName(error.class), message: error.message };
    }
    return null;
  }

  /** start_next_cycle() when both roles are DONE; false otherwise. */
  tryStartNextCycle(): boolean {
    if (this.client !== 'DONE' || this.server !== 'DONE') return false;
    this.cause = 'start_next_cycle';
    const error = this.h11.tryStartNextCycle();
    if (error) throw new H11ProtocolError(error.class, error.message);
    return true;
  }

  get states() {
    return this.h11.states;
  }
}
