/**
 * One TCP endpoint as the kernel sees it (RFC 9293 states), with Linux's
 * choices where the RFC leaves room:
 * - the first write after the peer's FIN succeeds (the peer only shut down its
 *   sending side as far as we can tell);
 * - data reaching a socket whose application has called close() is answered
 *   with RST (Linux: tcp_rcv_state_process, "TCPAbortOnData");
 * - close() with unread received bytes sends RST instead of FIN
 *   (Linux: tcp_close, "TCPAbortOnClose");
 * - an RST after a FIN sets the socket error to EPIPE; reads keep reporting
 *   EOF (SOCK_DONE is checked before sk_err in tcp_recvmsg);
 * - an RST with no FIN before it sets ECONNRESET: the next read fails with it.
 * The socket error is consumed by the first read or write that reports it
 * (sock_error); after that writes fail with EPIPE and reads see EOF.
 * Two closes a middlebox uses besides close(): ABORT is close() with SO_LINGER 0
 * (an RST goes out and the socket is gone at once); FORGET is a load balancer
 * or NAT dropping the flow from its table, sending nothing. Either way the
 * endpoint is CLOSED, so whatever the peer sends next is answered with RST.
 * Data segments are not acknowledged individually (ACKs that change no state
 * are left out); FIN and the handshake are.
 */
import { assign, emit, setup } from 'xstate';

export type TcpState =
  | 'CLOSED'
  | 'LISTEN'
  | 'SYN-SENT'
  | 'SYN-RECEIVED'
  | 'ESTABLISHED'
  | 'FIN-WAIT-1'
  | 'FIN-WAIT-2'
  | 'CLOSING'
  | 'TIME-WAIT'
  | 'CLOSE-WAIT'
  | 'LAST-ACK';

export type SocketErrno = 'ECONNRESET' | 'EPIPE' | 'ECONNREFUSED';
export type ControlFlag = 'SYN' | 'SYN-ACK' | 'ACK' | 'FIN' | 'RST';

/** One application message carried by a DATA segment (a whole request or response). */
export interface Payload {
  label: string;
  bytes: number;
  /** Opaque to TCP: the HTTP layer's message. */
  message: unknown;
}

export interface TcpContext {
  /** Received, not yet read by the application. */
  recvQueue: Payload[];
  /** A FIN has been received (RCV_SHUTDOWN / SOCK_DONE). */
  finReceived: boolean;
  /** Pending socket error (sk_err). */
  error: SocketErrno | null;
  /** The application has called close(): the socket is orphaned. */
  appClosed: boolean;
  /** Nothing more will ever arrive (FIN or RST received): reads end in EOF. */
  rcvShutdown: boolean;
}

export type TcpEvent =
  | { type: 'CONNECT' }
  | { type: 'LISTEN' }
  | { type: 'WRITE'; payload: Payload }
  | { type: 'READ' }
  | { type: 'CLOSE' }
  /** Abortive close (SO_LINGER 0): RST instead of FIN, the socket forgotten at once. */
  | { type: 'ABORT' }
  /** The flow is dropped from a middlebox's table without a segment (a silent idle drop). */
  | { type: 'FORGET' }
  | { type: 'SEGMENT'; flag: ControlFlag }
  | { type: 'SEGMENT'; flag: 'DATA'; payload: Payload };

export type TcpEmitted =
  | { type: 'send'; flag: ControlFlag }
  | { type: 'send'; flag: 'DATA'; payload: Payload }
  /** Something the application can read arrived (data, EOF or an error). */
  | { type: 'readable' }
  /** A connection attempt completed (client: SYN-ACK; server: final ACK). */
  | { type: 'established' };

/** Linux keeps TIME-WAIT for 60 s (TCP_TIMEWAIT_LEN). */
export const TIME_WAIT_MS = 60_000;

/** What a read() would return now, without changing anything. */
export type ReadResult =
  | { kind: 'data'; payload: Payload }
  | { kind: 'eof' }
  | { kind: 'error'; errno: SocketErrno }
  | { kind: 'would-block' };

export function peekRead(ctx: TcpContext): ReadResult {
  const head = ctx.recvQueue[0];
  if (head) return { kind: 'data', payload: head };
  if (ctx.finReceived) return { kind: 'eof' };
  if (ctx.error) return { kind: 'error', errno: ctx.error };
  if (ctx.rcvShutdown) return { kind: 'eof' };
  return { kind: 'would-block' };
}

/** Readability as a zero-timeout poll sees it: data, EOF or an error is pending. */
export function isReadable(ctx: TcpContext): boolean {
  return peekRead(ctx).kind !== 'would-block';
}

/** What a write() would return now: null when the bytes are accepted. */
export function writeError(state: TcpState, ctx: TcpContext): SocketErrno | null {
  if (ctx.error) return ctx.error;
  if (state === 'ESTABLISHED' || state === 'CLOSE-WAIT') return null;
  return 'EPIPE';
}

const isSegment = (event: TcpEvent, flag: ControlFlag | 'DATA') =>
  event.type === 'SEGMENT' && event.flag === flag;

export const tcpEndpointMachine = setup({
  types: {
    context: {} as TcpContext,
    events: {} as TcpEvent,
    emitted: {} as TcpEmitted,
  },
  guards: {
    isSyn: ({ event }) => isSegment(event, 'SYN'),
    isSynAck: ({ event }) => isSegment(event, 'SYN-ACK'),
    isAck: ({ event }) => isSegment(event, 'ACK'),
    isData: ({ event }) => isSegment(event, 'DATA'),
    isFin: ({ event }) => isSegment(event, 'FIN'),
    isRst: ({ event }) => isSegment(event, 'RST'),
    hasUnreadData: ({ context }) => context.recvQueue.length > 0,
    /** Data for a socket whose application called close(): nobody can read it. */
    isDataForClosedApp: ({ context, event }) =>
      event.type === 'SEGMENT' && event.flag === 'DATA' && context.appClosed,
  },
  actions: {
    sendSyn: emit({ type: 'send', flag: 'SYN' } as TcpEmitted),
    sendSynAck: emit({ type: 'send', flag: 'SYN-ACK' } as TcpEmitted),
    sendAck: emit({ type: 'send', flag: 'ACK' } as TcpEmitted),
    sendFin: emit({ type: 'send', flag: 'FIN' } as TcpEmitted),
    sendRst: emit({ type: 'send', flag: 'RST' } as TcpEmitted),
    notifyReadable: emit({ type: 'readable' } as TcpEmitted),
    notifyEstablished: emit({ type: 'established' } as TcpEmitted),
    sendData: emit(({ event }) => {
      const payload = (event as Extract<TcpEvent, { type: 'WRITE' }>).payload;
      return { type: 'send', flag: 'DATA', payload } as TcpEmitted;
    }),
    enqueueData: assign({
      recvQueue: ({ context, event }) => [
        ...context.recvQueue,
        (event as Extract<TcpEvent, { flag: 'DATA' }>).payload,
      ],
    }),
    markFinReceived: assign({ finReceived: true, rcvShutdown: true }),
    markAppClosed: assign({ appClosed: true }),
    /** read(): take the head of the queue, or consume the pending error. */
    consumeRead: assign(({ context }) => {
      if (context.recvQueue.length > 0) return { recvQueue: context.recvQueue.slice(1) };
      if (!context.finReceived && context.error) return { error: null };
      return {};
    }),
    /** A failed write reports the pending error once (sock_error clears it). */
    consumeError: assign({ error: null }),
    resetWithEpipeOrReset: assign({
      error: ({ context }) => (context.finReceived ? 'EPIPE' : 'ECONNRESET') as SocketErrno,
      rcvShutdown: true,
    }),
    refuse: assign({ error: 'ECONNREFUSED' as SocketErrno, rcvShutdown: true }),
    discardQueue: assign({ recvQueue: [] }),
  },
  delays: { timeWait: TIME_WAIT_MS },
}).createMachine({
  id: 'tcpEndpoint',
  context: { recvQueue: [], finReceived: false, error: null, appClosed: false, rcvShutdown: false },
  initial: 'CLOSED',
  on: {
    READ: { actions: 'consumeRead' },
  },
  states: {
    CLOSED: {
      on: {
        CONNECT: { target: 'SYN-SENT', actions: 'sendSyn' },
        LISTEN: { target: 'LISTEN' },
        WRITE: { actions: 'consumeError' },
        SEGMENT: [
          { guard: 'isRst' },
          {
            description: 'No socket owns this segment any more: the kernel answers with RST.',
            actions: 'sendRst',
          },
        ],
      },
    },
    LISTEN: {
      on: {
        SEGMENT: { guard: 'isSyn', target: 'SYN-RECEIVED', actions: 'sendSynAck' },
      },
    },
    'SYN-SENT': {
      on: {
        SEGMENT: [
          {
            guard: 'isSynAck',
            target: 'ESTABLISHED',
            actions: ['sendAck', 'notifyEstablished'],
          },
          {
            guard: 'isRst',
            target: 'CLOSED',
            actions: ['refuse', 'notifyReadable'],
          },
        ],
        CLOSE: { target: 'CLOSED', actions: 'markAppClosed' },
      },
    },
    'SYN-RECEIVED': {
      on: {
        SEGMENT: [
          { guard: 'isAck', target: 'ESTABLISHED', actions: 'notifyEstablished' },
          { guard: 'isRst', target: 'CLOSED' },
        ],
      },
    },
    ESTABLISHED: {
      on: {
        WRITE: { actions: 'sendData' },
        SEGMENT: [
          { guard: 'isData', actions: ['enqueueData', 'notifyReadable'] },
          {
            guard: 'isFin',
            target: 'CLOSE-WAIT',
            actions: ['markFinReceived', 'sendAck', 'notifyReadable'],
            description:
              'The peer closed its sending side. Our socket is still writable: nothing tells the application yet, except a read that returns EOF.',
          },
          {
            guard: 'isRst',
            target: 'CLOSED',
            actions: ['resetWithEpipeOrReset', 'notifyReadable'],
          },
        ],
        CLOSE: [
          {
            guard: 'hasUnreadData',
            target: 'CLOSED',
            actions: ['markAppClosed', 'discardQueue', 'sendRst'],
            description: 'Linux aborts a close() with unread received data: RST instead of FIN.',
          },
          { target: 'FIN-WAIT-1', actions: ['markAppClosed', 'sendFin'] },
        ],
        ABORT: {
          target: 'CLOSED',
          actions: ['markAppClosed', 'discardQueue', 'sendRst'],
          description:
            'Abortive close (SO_LINGER 0, or a load balancer resetting an idle flow): RST instead of FIN, and the socket is gone.',
        },
        FORGET: {
          target: 'CLOSED',
          actions: ['markAppClosed', 'discardQueue'],
          description:
            'The middlebox drops the idle flow from its table and sends nothing: the peer has no evidence until its next segment is answered with RST.',
        },
      },
    },
    'CLOSE-WAIT': {
      on: {
        WRITE: {
          actions: 'sendData',
          description: 'Writing after the peer FIN succeeds: TCP only knows the peer will send no more.',
        },
        SEGMENT: {
          guard: 'isRst',
          target: 'CLOSED',
          actions: ['resetWithEpipeOrReset', 'notifyReadable'],
          description: 'RST after FIN: reads still say EOF; the socket error becomes EPIPE.',
        },
        CLOSE: [
          { guard: 'hasUnreadData', target: 'CLOSED', actions: ['markAppClosed', 'discardQueue', 'sendRst'] },
          { target: 'LAST-ACK', actions: ['markAppClosed', 'sendFin'] },
        ],
        ABORT: {
          target: 'CLOSED',
          actions: ['markAppClosed', 'discardQueue', 'sendRst'],
          description: 'Abortive close after the peer FIN: RST, and the socket is gone.',
        },
        FORGET: {
          target: 'CLOSED',
          actions: ['markAppClosed', 'discardQueue'],
          description: 'The middlebox forgets the flow and sends nothing.',
        },
      },
    },
    'FIN-WAIT-1': {
      on: {
        WRITE: { actions: 'consumeError' },
        SEGMENT: [
          { guard: 'isAck', target: 'FIN-WAIT-2' },
          {
            guard: 'isFin',
            target: 'CLOSING',
            actions: ['markFinReceived', 'sendAck'],
          },
          {
            guard: 'isDataForClosedApp',
            target: 'CLOSED',
            actions: 'sendRst',
            description: 'Data for a socket the application closed: nobody will read it, answer RST.',
          },
          { guard: 'isData', actions: ['enqueueData', 'notifyReadable'] },
          { guard: 'isRst', target: 'CLOSED', actions: 'resetWithEpipeOrReset' },
        ],
      },
    },
    'FIN-WAIT-2': {
      on: {
        WRITE: { actions: 'consumeError' },
        SEGMENT: [
          {
            guard: 'isFin',
            target: 'TIME-WAIT',
            actions: ['markFinReceived', 'sendAck'],
          },
          { guard: 'isRst', target: 'CLOSED', actions: 'resetWithEpipeOrReset' },
          {
            guard: 'isDataForClosedApp',
            target: 'CLOSED',
            actions: 'sendRst',
            description: 'Data for a socket the application closed: nobody will read it, answer RST.',
          },
          { guard: 'isData', actions: ['enqueueData', 'notifyReadable'] },
        ],
      },
    },
    CLOSING: {
      on: {
        SEGMENT: [
          { guard: 'isAck', target: 'TIME-WAIT' },
          { guard: 'isRst', target: 'CLOSED' },
        ],
      },
    },
    'LAST-ACK': {
      on: {
        WRITE: { actions: 'consumeError' },
        SEGMENT: [
          { guard: 'isAck', target: 'CLOSED' },
          { guard: 'isRst', target: 'CLOSED' },
        ],
      },
    },
    'TIME-WAIT': {
      after: { timeWait: 'CLOSED' },
      on: {
        SEGMENT: {
          guard: 'isFin',
          actions: 'sendAck',
          description: 'A retransmitted FIN is acknowledged again.',
        },
      },
    },
  },
});
