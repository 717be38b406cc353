/**
 * The plain-TypeScript reference for the benchmark: the TCP endpoint of
 * ../machines/tcpEndpoint.ts written as a hand-made switch reducer over a
 * mutable record. Same states, guards, context and emitted effects, no
 * library. It exists only to show what the machinery costs; the bench checks
 * that it ends in the same state as the XState machine for every replayed
 * event stream.
 */
import type { Payload, SocketErrno, TcpEmitted, TcpEvent, TcpState } from '../machines/tcpEndpoint';

export interface TcpRecord {
  state: TcpState;
  recvQueue: Payload[];
  finReceived: boolean;
  error: SocketErrno | null;
  appClosed: boolean;
  rcvShutdown: boolean;
}

export const newTcpRecord = (): TcpRecord => ({
  state: 'CLOSED',
  recvQueue: [],
  finReceived: false,
  error: null,
  appClosed: false,
  rcvShutdown: false,
});

/** Events the reducer accepts: the machine's own plus its TIME-WAIT timer (XState's `xstate.after.*`). */
export type TcpReducerEvent = TcpEvent | { type: string };

type Emit = (e: TcpEmitted) => void;

const SYN: TcpEmitted = { type: 'send', flag: 'SYN' };
const SYN_ACK: TcpEmitted = { type: 'send', flag: 'SYN-ACK' };
const ACK: TcpEmitted = { type: 'send', flag: 'ACK' };
const FIN: TcpEmitted = { type: 'send', flag: 'FIN' };
const RST: TcpEmitted = { type: 'send', flag: 'RST' };
const READABLE: TcpEmitted = { type: 'readable' };
const ESTABLISHED: TcpEmitted = { type: 'established' };

function resetError(s: TcpRecord): void {
  s.error = s.finReceived ? 'EPIPE' : 'ECONNRESET';
  s.rcvShutdown = true;
}

function enqueue(s: TcpRecord, e: TcpReducerEvent, emit: Emit): void {
  s.recvQueue.push((e as { payload: Payload }).payload);
  emit(READABLE);
}

function close(s: TcpRecord, emit: Emit, finState: TcpState): void {
  s.appClosed = true;
  if (s.recvQueue.length > 0) {
    s.recvQueue.length = 0;
    s.state = 'CLOSED';
    emit(RST);
    return;
  }
  s.state = finState;
  emit(FIN);
}

/** Applies one event in place; returns true when the TCP state changed. */
export function tcpReduce(s: TcpRecord, e: TcpReducerEvent, emit: Emit): boolean {
  const before = s.state;
  const type = e.type;
  if (type === 'READ') {
    if (s.recvQueue.length > 0) s.recvQueue.shift();
    else if (!s.finReceived && s.error) s.error = null;
    return false;
  }
  const flag = type === 'SEGMENT' ? (e as { flag: string }).flag : '';
  switch (s.state) {
    case 'CLOSED':
      if (type === 'CONNECT') {
        s.state = 'SYN-SENT';
        emit(SYN);
      } else if (type === 'LISTEN') s.state = 'LISTEN';
      else if (type === 'WRITE') s.error = null;
      else if (type === 'SEGMENT' && flag !== 'RST') emit(RST);
      break;
    case 'LISTEN':
      if (flag === 'SYN') {
        s.state = 'SYN-RECEIVED';
        emit(SYN_ACK);
      }
      break;
    case 'SYN-SENT':
      if (flag === 'SYN-ACK') {
        s.state = 'ESTABLISHED';
        emit(ACK);
        emit(ESTABLISHED);
      } else if (flag === 'RST') {
        s.state = 'CLOSED';
        s.error = 'ECONNREFUSED';
        s.rcvShutdown = true;
        emit(READABLE);
      } else if (type === 'CLOSE') {
        s.state = 'CLOSED';
        s.appClosed = true;
      }
      break;
    case 'SYN-RECEIVED':
      if (flag === 'ACK') {
        s.state = 'ESTABLISHED';
        emit(ESTABLISHED);
      } else if (flag === 'RST') s.state = 'CLOSED';
      break;
    case 'ESTABLISHED':
      if (type === 'WRITE')
        emit({ type: 'send', flag: 'DATA', payload: (e as { payload: Payload }).payload });
      else if (flag === 'DATA') enqueue(s, e, emit);
      else if (flag === 'FIN') {
        s.state = 'CLOSE-WAIT';
        s.finReceived = true;
        s.rcvShutdown = true;
        emit(ACK);
        emit(READABLE);
      } else if (flag === 'RST') {
        s.state = 'CLOSED';
        resetError(s);
        emit(READABLE);
      } else if (type === 'CLOSE') close(s, emit, 'FIN-WAIT-1');
      break;
    case 'CLOSE-WAIT':
      if (type === 'WRITE')
        emit({ type: 'send', flag: 'DATA', payload: (e as { payload: Payload }).payload });
      else if (flag === 'RST') {
        s.state = 'CLOSED';
        resetError(s);
        emit(READABLE);
      } else if (type === 'CLOSE') close(s, emit, 'LAST-ACK');
      break;
    case 'FIN-WAIT-1':
      if (type === 'WRITE') s.error = null;
      else if (flag === 'ACK') s.state = 'FIN-WAIT-2';
      else if (flag === 'FIN') {
        s.state = 'CLOSING';
        s.finReceived = true;
        s.rcvShutdown = true;
        emit(ACK);
      } else if (flag === 'DATA') {
        if (s.appClosed) {
          s.state = 'CLOSED';
          emit(RST);
        } else enqueue(s, e, emit);
      } else if (flag === 'RST') {
        s.state = 'CLOSED';
        resetError(s);
      }
      break;
    case 'FIN-WAIT-2':
      if (type === 'WRITE') s.error = null;
      else if (flag === 'FIN') {
        s.state = 'TIME-WAIT';
        s.finReceived = true;
        s.rcvShutdown = true;
        emit(ACK);
      } else if (flag === 'RST') {
        s.state = 'CLOSED';
        resetError(s);
      } else if (flag === 'DATA') {
        if (s.appClosed) {
          s.state = 'CLOSED';
          emit(RST);
        } else enqueue(s, e, emit);
      }
      break;
    case 'CLOSING':
      if (flag === 'ACK') s.state = 'TIME-WAIT';
      else if (flag === 'RST') s.state = 'CLOSED';
      break;
    case 'LAST-ACK':
      if (type === 'WRITE') s.error = null;
      else if (flag === 'ACK' || flag === 'RST') s.state = 'CLOSED';
      break;
    case 'TIME-WAIT':
      if (flag === 'FIN') emit(ACK);
      else if (type.startsWith('xstate.after.')) s.state = 'CLOSED';
      break;
  }
  return s.state !== before;
}
