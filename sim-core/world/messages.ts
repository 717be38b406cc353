/** What a DATA segment carries: one whole HTTP request or response. */
import type { H11Event, H11Headers } from '../h11/events';
import type { HttpMethod } from '../scenario/types';

/** The server's host name, as requests name it (`Host:`) and errors print it. */
export const SERVER_HOST = 'service-b';

export interface RequestMessage {
  kind: 'request';
  req: number;
  attempt: number;
  method: HttpMethod;
  path: string;
  /** The client sent `Connection: keep-alive`. */
  keepAlive: boolean;
  /** The client sent an `Idempotency-Key` (the same on every attempt of the request). */
  idempotencyKey: boolean;
}

export interface ResponseMessage {
  kind: 'response';
  req: number;
  attempt: number;
  status: number;
  /** The server sent `Connection: close`. */
  close: boolean;
  /** The `Keep-Alive` header's value (`timeout=5`, `timeout=5, max=99`), when the server sent one. */
  keepAlive: string | null;
  bodyBytes: number;
}

export const REQUEST_BYTES = 180;
export const RESPONSE_BODY_BYTES = 2;

export function requestEvents(m: RequestMessage): H11Event[] {
  const headers: H11Headers = [['host', SERVER_HOST]];
  if (m.keepAlive) headers.push(['connection', 'keep-alive']);
  if (m.idempotencyKey) headers.push(['idempotency-key', `request-${m.req}`]);
  return [
    { type: 'Request', method: m.method, target: m.path, headers, http_version: '1.1' },
    { type: 'EndOfMessage' },
  ];
}

export function responseHeaders(m: ResponseMessage): H11Headers {
  const headers: H11Headers = [['content-length', String(m.bodyBytes)]];
  if (m.close) headers.push(['connection', 'close']);
  else if (m.keepAlive !== null) headers.push(['keep-alive', m.keepAlive]);
  return headers;
}

export function responseEvents(m: ResponseMessage): H11Event[] {
  return [
    { type: 'Response', status_code: m.status, headers: responseHeaders(m), http_version: '1.1' },
    { type: 'Data', data: '', length: m.bodyBytes },
    { type: 'EndOfMessage' },
  ];
}

export const requestLabel = (m: RequestMessage) => `${m.method} ${m.path}`;
export const responseLabel = (m: ResponseMessage) => `${m.status} OK`;
