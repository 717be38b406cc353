/** What a DATA segment carries: one whole HTTP request or response. */
import type { H11Event } from '../h11/events';
import type { HttpMethod } from '../scenario/types';

export interface RequestMessage {
  kind: 'request';
  req: number;
  attempt: number;
  method: HttpMethod;
  path: string;
}

export interface ResponseMessage {
  kind: 'response';
  req: number;
  attempt: number;
  status: number;
  /** The server sent `Connection: close`. */
  close: boolean;
  /** `Keep-Alive: timeout=N` in seconds, when the server advertises it. */
  hintSec: number | null;
  bodyBytes: number;
}

export const REQUEST_BYTES = 180;
export const RESPONSE_BODY_BYTES = 2;

export function requestEvents(m: RequestMessage): H11Event[] {
  return [
    {
      type: 'Request',
      method: m.method,
      target: m.path,
      headers: [['host', 'service-b']],
      http_version: '1.1',
    },
    { type: 'EndOfMessage' },
  ];
}

export function responseEvents(m: ResponseMessage): H11Event[] {
  const headers: [string, string][] = [['content-length', String(m.bodyBytes)]];
  if (m.close) headers.push(['connection', 'close']);
  else if (m.hintSec !== null) headers.push(['keep-alive', `timeout=${m.hintSec}`]);
  return [
    { type: 'Response', status_code: m.status, headers, http_version: '1.1' },
    { type: 'Data', data: '', length: m.bodyBytes },
    { type: 'EndOfMessage' },
  ];
}

export const requestLabel = (m: RequestMessage) => `${m.method} ${m.path}`;
export const responseLabel = (m: ResponseMessage) => `${m.status} OK`;
