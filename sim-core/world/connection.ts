/**
 * One TCP connection: the client endpoint, the server endpoint (created when
 * the SYN reaches the listening server), an h11 connection on each side, and
 * the pool's belief about it. Segments between the endpoints go through the
 * network; what an endpoint emits is routed to its application.
 */
import { pooledConnectionMachine, timedPooledConnectionMachine } from '../machines/pooledConnection';
import type { serverMachine } from '../machines/server';
import { type TcpEmitted, TIME_WAIT_MS, tcpEndpointMachine } from '../machines/tcpEndpoint';
import type { Side } from '../trace/events';
import { HostedActor } from './actorHost';
import type { Network, Segment } from './network';
import { TracedH11 } from './tracedH11';
import type { World } from './world';

export interface EndpointListener {
  /** The endpoint completed its handshake. */
  established(conn: Connection): void;
  /** Data, EOF or an error arrived: the application may read. */
  readable(conn: Connection): void;
}

const TCP_TIMERS = { 'TIME-WAIT': { timer: 'time-wait' as const, delayMs: () => TIME_WAIT_MS } };
/** The client's own idle timer, for libraries that expire connections with one. */
const BELIEF_TIMERS = {
  idle: { timer: 'expiry' as const, delayMs: (c: { expiryMs: number | null }) => c.expiryMs ?? 0 },
};

/** Client-side bookkeeping of the attempt using this connection. */
export interface InFlight {
  req: number;
  attempt: number;
  /** The client's key for the attempt (`req.attempt`). */
  key: string;
}

export class Connection {
  readonly client: HostedActor<typeof tcpEndpointMachine>;
  server: HostedActor<typeof tcpEndpointMachine> | null = null;
  readonly clientH11: TracedH11;
  serverH11: TracedH11 | null = null;
  serverApp: HostedActor<typeof serverMachine> | null = null;
  readonly belief: HostedActor<typeof pooledConnectionMachine>;

  // client application side
  inFlight: InFlight | null = null;
  releasedAt = 0;
  /** When the pool last handed it out (µs). */
  acquiredAt = 0;
  /** Server hint in ms (`Keep-Alive: timeout=N`), from the last response. */
  hintMs: number | null = null;
  /** The client's event loop has read EOF (or an error) on it while idle. */
  eofSeen = false;
  clientReadPending = false;
  // server application side
  serverReadPending = false;
  /** Endpoints not in CLOSED (TIME-WAIT included): the connection is open while any is. */
  private openEndpoints = 0;

  constructor(
    private readonly world: World,
    private readonly network: Network,
    readonly id: number,
    private readonly clientSide: EndpointListener,
    private readonly serverSide: EndpointListener,
    /** The client library closes idle connections with a timer (see pooledConnection). */
    expiryByTimer: boolean,
    onBeliefEmit: (conn: Connection) => void,
    /** +1 when the connection opens (an endpoint leaves CLOSED), -1 when both are CLOSED again. */
    private readonly onOpenChange: (delta: 1 | -1) => void,
  ) {
    this.client = this.endpoint('client');
    this.clientH11 = new TracedH11(world, id, 'client');
    this.belief = new HostedActor(
      world,
      expiryByTimer ? timedPooledConnectionMachine : pooledConnectionMachine,
      {
        conn: id,
        side: 'client',
        machine: 'belief',
        ...(expiryByTimer ? { timers: BELIEF_TIMERS } : {}),
        onEmit: () => onBeliefEmit(this),
      },
    );
  }

  private endpoint(side: Side): HostedActor<typeof tcpEndpointMachine> {
    return new HostedActor(this.world, tcpEndpointMachine, {
      conn: this.id,
      side,
      machine: 'tcp',
      timers: TCP_TIMERS,
      onEmit: (e) => this.onEndpointEmit(side, e as TcpEmitted),
      onState: (from, to) => {
        if (from === 'CLOSED') {
          if (this.openEndpoints++ === 0) this.onOpenChange(1);
        } else if (to === 'CLOSED' && --this.openEndpoints === 0) this.onOpenChange(-1);
      },
    });
  }

  private onEndpointEmit(side: Side, e: TcpEmitted): void {
    const listener = side === 'client' ? this.clientSide : this.serverSide;
    switch (e.type) {
      case 'send':
        this.network.send(this.id, side, e, side === 'client' ? this.toServer : this.toClient);
        return;
      case 'established':
        listener.established(this);
        return;
      case 'readable':
        listener.readable(this);
        return;
    }
  }

  // Made once per connection, not once per segment.
  private readonly toServer = (segment: Segment) => this.deliver('server', segment);
  private readonly toClient = (segment: Segment) => this.deliver('client', segment);

  private deliver(to: Side, segment: Segment): void {
    if (to === 'server' && !this.server) {
      // The listening socket: the client's SYN creates this connection's server endpoint.
      this.server = this.endpoint('server');
      this.server.send({ type: 'LISTEN' }, 'listen');
    }
    const endpoint = to === 'client' ? this.client : this.server!;
    const event =
      segment.flag === 'DATA'
        ? ({ type: 'SEGMENT', flag: 'DATA', payload: segment.payload } as const)
        : ({ type: 'SEGMENT', flag: segment.flag } as const);
    endpoint.send(event, `SEGMENT ${segment.flag}`);
  }

  /** The server application accepted the connection. */
  attachServer(app: HostedActor<typeof serverMachine>): void {
    this.serverH11 = new TracedH11(this.world, this.id, 'server');
    this.serverApp = app;
  }
}
