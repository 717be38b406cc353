/**
 * HTTP/1.1 message boundaries in a reassembled byte stream (RFC 9112 §6): requests and responses,
 * each from its first byte to its last. A body is delimited by `Transfer-Encoding: chunked`
 * (chunk sizes, extensions and trailers), else `Content-Length`, else — for a response only — by
 * the connection's close; responses to HEAD, 1xx, 204 and 304 have none, and 1xx responses are
 * interim (the request's response is the next one). Only boundaries are parsed: header values
 * other than these are not interpreted.
 */

export interface HttpMessage {
  /** Stream offsets: the first byte, and one past the last (null: not complete in the capture). */
  start: number;
  end: number | null;
  /** Request: method and target; response: status code and reason. */
  method?: string;
  target?: string;
  status?: number;
  reason?: string;
  /** The body's bytes (requests: to tell a retry from a new request), when complete. */
  bodyKey?: string;
}

export interface ParsedStream {
  messages: HttpMessage[];
  /** Why parsing stopped before the stream's end (not HTTP/1.1, a bad length), else null. */
  problem: string | null;
}

const CRLFCRLF = [13, 10, 13, 10];
const MAX_HEAD = 64 * 1024;

function indexOfSeq(b: Uint8Array, seq: readonly number[], from: number, limit: number): number {
  const end = Math.min(b.length, limit) - seq.length;
  outer: for (let i = from; i <= end; i++) {
    for (let k = 0; k < seq.length; k++) if (b[i + k] !== seq[k]) continue outer;
    return i;
  }
  return -1;
}

const latin1 = (b: Uint8Array) => {
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
};

interface Head {
  firstLine: string;
  headers: Map<string, string>;
  /** Offset just past the blank line. */
  bodyAt: number;
}

type HeadResult = { head: Head } | { incomplete: true } | { problem: string };

function readHead(b: Uint8Array, at: number): HeadResult {
  const endAt = indexOfSeq(b, CRLFCRLF, at, at + MAX_HEAD);
  if (endAt === -1)
    return b.length - at > MAX_HEAD
      ? { problem: `a header block longer than ${MAX_HEAD} bytes` }
      : { incomplete: true };
  const lines = latin1(b.subarray(at, endAt)).split('\r\n');
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) return { problem: `a header line without a name: ${JSON.stringify(line.slice(0, 40))}` };
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers.set(name, headers.has(name) ? `${headers.get(name)}, ${value}` : value);
  }
  return { head: { firstLine: lines[0]!, headers, bodyAt: endAt + 4 } };
}

type BodyEnd = { end: number } | { incomplete: true } | { problem: string };

/** Where a body delimited by its headers ends; `untilClose` when the message may run to the close. */
function bodyEnd(b: Uint8Array, head: Head, untilClose: boolean): BodyEnd {
  const te = head.headers.get('transfer-encoding');
  if (te !== undefined && /(^|,)\s*chunked\s*$/i.test(te)) return chunkedEnd(b, head.bodyAt);
  if (te !== undefined)
    return untilClose ? { end: b.length } : { problem: `a request with Transfer-Encoding ${te}` };
  const cl = head.headers.get('content-length');
  if (cl !== undefined) {
    if (!/^\d{1,15}$/.test(cl))
      return { problem: `a Content-Length that is not a number: ${JSON.stringify(cl.slice(0, 20))}` };
    const end = head.bodyAt + Number(cl);
    return end <= b.length ? { end } : { incomplete: true };
  }
  return { end: untilClose ? b.length : head.bodyAt };
}

function chunkedEnd(b: Uint8Array, from: number): BodyEnd {
  let at = from;
  for (;;) {
    const lineEnd = indexOfSeq(b, [13, 10], at, at + 1024);
    if (lineEnd === -1)
      return b.length - at > 1024
        ? { problem: 'a chunk-size line longer than 1024 bytes' }
        : { incomplete: true };
    const sizeText = latin1(b.subarray(at, lineEnd)).split(';')[0]!.trim();
    if (!/^[0-9a-fA-F]{1,12}$/.test(sizeText))
      return { problem: `a chunk size that is not hex: ${JSON.stringify(sizeText.slice(0, 20))}` };
    const size = Number.parseInt(sizeText, 16);
    at = lineEnd + 2;
    if (size === 0) {
      // Trailer fields, then the blank line.
      for (;;) {
        const e = indexOfSeq(b, [13, 10], at, at + MAX_HEAD);
        if (e === -1) return { incomplete: true };
        const blank = e === at;
        at = e + 2;
        if (blank) return { end: at };
      }
    }
    at += size + 2;
    if (at > b.length) return { incomplete: true };
  }
}

const REQUEST_LINE = /^([A-Z]{1,20}) (\S{1,8000}) HTTP\/1\.[01]$/;
const STATUS_LINE = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/;

/** The requests a client sent on one connection. */
export function parseRequests(b: Uint8Array): ParsedStream {
  const messages: HttpMessage[] = [];
  let at = 0;
  while (at < b.length) {
    // Stray CRLFs between requests are allowed (RFC 9112 §2.2).
    if (b[at] === 13 || b[at] === 10) {
      at++;
      continue;
    }
    const h = readHead(b, at);
    if ('incomplete' in h) {
      messages.push({ start: at, end: null, ...requestLine(b, at) });
      return { messages, problem: null };
    }
    if ('problem' in h) return { messages, problem: `request at byte ${at}: ${h.problem}` };
    const m = REQUEST_LINE.exec(h.head.firstLine);
    if (!m)
      return {
        messages,
        problem: `not an HTTP/1.1 request line at byte ${at}: ${JSON.stringify(h.head.firstLine.slice(0, 40))}`,
      };
    const body = bodyEnd(b, h.head, false);
    if ('problem' in body) return { messages, problem: `request at byte ${at}: ${body.problem}` };
    const end = 'end' in body ? body.end : null;
    messages.push({
      start: at,
      end,
      method: m[1]!,
      target: m[2]!,
      // Length and first bytes: enough to tell a retry (the same request again) from another request.
      ...(end !== null
        ? {
            bodyKey: `${end - h.head.bodyAt}:${latin1(b.subarray(h.head.bodyAt, Math.min(end, h.head.bodyAt + 1024)))}`,
          }
        : {}),
    });
    if (end === null) return { messages, problem: null };
    at = end;
  }
  return { messages, problem: null };
}

/** An incomplete request's method and target, when its first line is there. */
function requestLine(b: Uint8Array, at: number): { method?: string; target?: string } {
  const nl = indexOfSeq(b, [13, 10], at, at + 8100);
  const m = nl === -1 ? null : REQUEST_LINE.exec(latin1(b.subarray(at, nl)));
  return m ? { method: m[1]!, target: m[2]! } : {};
}

/**
 * The responses a server sent, matched in order to `methods` (the requests' methods: a response
 * to HEAD has no body). `closed`: the server's stream ended with a FIN, so a body delimited by
 * the close is complete.
 */
export function parseResponses(
  b: Uint8Array,
  methods: readonly (string | undefined)[],
  closed: boolean,
): ParsedStream {
  const messages: HttpMessage[] = [];
  let at = 0;
  let answered = 0;
  while (at < b.length) {
    const h = readHead(b, at);
    if ('incomplete' in h) {
      messages.push({ start: at, end: null });
      return { messages, problem: null };
    }
    if ('problem' in h) return { messages, problem: `response at byte ${at}: ${h.problem}` };
    const m = STATUS_LINE.exec(h.head.firstLine);
    if (!m)
      return {
        messages,
        problem: `not an HTTP/1.1 status line at byte ${at}: ${JSON.stringify(h.head.firstLine.slice(0, 40))}`,
      };
    const status = Number(m[1]);
    const noBody = status < 200 || status === 204 || status === 304 || methods[answered] === 'HEAD';
    const body: BodyEnd = noBody ? { end: h.head.bodyAt } : bodyEnd(b, h.head, true);
    if ('problem' in body) return { messages, problem: `response at byte ${at}: ${body.problem}` };
    // A body that runs to the close is complete only if the close was seen.
    const toClose =
      !noBody &&
      !h.head.headers.has('content-length') &&
      !/chunked\s*$/i.test(h.head.headers.get('transfer-encoding') ?? '');
    const end = 'end' in body && (!toClose || closed) ? body.end : null;
    // 1xx responses are interim: the request is still waiting for its response.
    if (status >= 100 && status < 200 && end !== null) {
      at = end;
      continue;
    }
    messages.push({ start: at, end, status, reason: m[2] ?? '' });
    answered++;
    if (end === null) return { messages, problem: null };
    at = end;
  }
  return { messages, problem: null };
}
