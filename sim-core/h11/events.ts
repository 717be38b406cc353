// h11 events, as python-hyper/h11 names them, plus the event-level validation h11 performs
// when an event object is constructed.
//
// Sources (python-hyper/h11, behaviour modelled on 0.16.0, checked against older 0.8-era files):
// - h11/_events.py   Request / InformationalResponse / Response / Data / EndOfMessage / ConnectionClosed,
//                    "Missing mandatory Host: header", "Found multiple Host: headers",
//                    "Illegal method characters", "Illegal target characters",
//                    "status code must be integer",
//                    "InformationalResponse status_code should be in range [100, 200), not N",
//                    "Response status_code should be in range [200, 1000), not N"
// - h11/_headers.py  normalize_and_validate(): "Illegal header name {!r}", "Illegal header value {!r}",
//                    "conflicting Content-Length headers", "bad Content-Length" (max 20 digits),
//                    "multiple Transfer-Encoding headers", "Only Transfer-Encoding: chunked is supported";
//                    get_comma_header() (lower-case, split on ',', strip, drop empties)
// - h11/_abnf.py     token (method, header name), field-value, request-target = 1*VCHAR
// - h11/_util.py     validate() formats the message with the offending value's Python repr
//
// In h11 these checks run in the event constructor, i.e. before Connection.send() is even
// called, so a failing check leaves the connection state untouched on the sending side. On the
// receiving side the reader constructs the event inside next_event(), so the same failure becomes
// a RemoteProtocolError and the peer's role goes to ERROR (see ../machines/http11Connection.ts).

export type H11Headers = [string, string][];
export type H11HttpVersion = '1.1' | '1.0';

export interface H11Request {
  type: 'Request';
  method: string;
  target: string;
  headers: H11Headers;
  http_version?: H11HttpVersion;
}

export interface H11InformationalResponse {
  type: 'InformationalResponse';
  status_code: number;
  headers: H11Headers;
  http_version?: H11HttpVersion;
  reason?: string;
}

export interface H11Response {
  type: 'Response';
  status_code: number;
  headers: H11Headers;
  http_version?: H11HttpVersion;
  reason?: string;
}

export interface H11Data {
  type: 'Data';
  /** Body bytes, counted as UTF-8. */
  data: string;
  /** When present, the body is this many bytes (data is then not counted); lets a simulator skip materialising bodies. */
  length?: number;
}

export interface H11EndOfMessage {
  type: 'EndOfMessage';
  /** Trailers (only legal with Transfer-Encoding: chunked). */
  headers?: H11Headers;
}

export interface H11ConnectionClosed {
  type: 'ConnectionClosed';
}

export type H11Event =
  | H11Request
  | H11InformationalResponse
  | H11Response
  | H11Data
  | H11EndOfMessage
  | H11ConnectionClosed;

export type H11EventType = H11Event['type'];

export const H11_EVENT_TYPES: readonly H11EventType[] = [
  'Request',
  'InformationalResponse',
  'Response',
  'Data',
  'EndOfMessage',
  'ConnectionClosed',
];

// ---------------------------------------------------------------------------------------------
// Byte counting

/** Number of bytes `s` occupies in UTF-8 (no TextEncoder: sim-core has neither DOM nor Node types). */
export function utf8ByteLength(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

export function dataByteLength(event: H11Data): number {
  return event.length ?? utf8ByteLength(event.data);
}

// ---------------------------------------------------------------------------------------------
// Python repr of a byte string (h11 formats offending values with {!r}); inputs are ASCII.

export function pythonBytesRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = `b${quote}`;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i] as string;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else out += `\\x${(c & 0xff).toString(16).padStart(2, '0')}`;
  }
  return `${out}${quote}`;
}

// ---------------------------------------------------------------------------------------------
// Header validation (h11/_headers.py normalize_and_validate + h11/_abnf.py)

// token = 1*tchar (RFC 7230), used for header names and methods.
const TOKEN_RE = /^[-!#$%&'*+.^_`|~0-9a-zA-Z]+$/;
// field-value = ( field-content )?, field-content = field-vchar+ ( [ \t]+ field-vchar+ )*,
// field-vchar = [^\x00\s] (h11 accepts obs-text here). Python's bytes \s is [ \t\n\r\f\v], so a
// value is legal when it has no NUL, CR, LF, FF or VT and does not start or end with space or tab.
function isFieldValue(v: string): boolean {
  if (v === '') return true;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 0 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c) return false;
  }
  const isBlank = (ch: string | undefined) => ch === ' ' || ch === '\t';
  return !isBlank(v[0]) && !isBlank(v[v.length - 1]);
}
// request-target = 1*VCHAR
const TARGET_RE = /^[\x21-\x7e]+$/;
const CONTENT_LENGTH_RE = /^[0-9]+$/;
const CONTENT_LENGTH_MAX_DIGITS = 20;

/** Python's bytes.strip(): ASCII whitespace. */
function pyStrip(s: string): string {
  return s.replace(/^[ \t\n\r\f\v]+|[ \t\n\r\f\v]+$/g, '');
}

/** The facts h11 later reads out of a message's headers (via get_comma_header). */
export interface HeaderFacts {
  /** Content-Length value, if present (validated, single). */
  contentLength: number | null;
  /** Transfer-Encoding: chunked present (the only coding h11 accepts). */
  chunked: boolean;
  /** get_comma_header(headers, b"connection") contains b"close". */
  connectionClose: boolean;
  /** get_comma_header(headers, b"upgrade") is non-empty. */
  upgrade: boolean;
  /** get_comma_header(headers, b"expect") contains b"100-continue". */
  expect100Continue: boolean;
  /** Number of Host headers. */
  hostCount: number;
}

export type HeaderCheck = { ok: true; facts: HeaderFacts } | { ok: false; message: string };

function commaValues(value: string): string[] {
  const out: string[] = [];
  for (const part of value.toLowerCase().split(',')) {
    const v = pyStrip(part);
    if (v) out.push(v);
  }
  return out;
}

/** normalize_and_validate() plus the comma-header facts, in one pass. */
export function checkHeaders(headers: H11Headers): HeaderCheck {
  let contentLength: string | null = null;
  let chunked = false;
  let connectionClose = false;
  let upgrade = false;
  let expect100Continue = false;
  let hostCount = 0;
  for (const [rawName, rawValue] of headers) {
    if (!TOKEN_RE.test(rawName))
      return { ok: false, message: `Illegal header name ${pythonBytesRepr(rawName)}` };
    if (!isFieldValue(rawValue))
      return { ok: false, message: `Illegal header value ${pythonBytesRepr(rawValue)}` };
    const name = rawName.toLowerCase();
    if (name === 'content-length') {
      // One value (the usual case) without the Set that compares a comma-separated list's.
      let value: string;
      if (!rawValue.includes(',')) value = pyStrip(rawValue);
      else {
        const lengths = new Set(rawValue.split(',').map(pyStrip));
        if (lengths.size !== 1) return { ok: false, message: 'conflicting Content-Length headers' };
        value = [...lengths][0] as string;
      }
      if (!CONTENT_LENGTH_RE.test(value) || value.length > CONTENT_LENGTH_MAX_DIGITS)
        return { ok: false, message: 'bad Content-Length' };
      if (contentLength === null) contentLength = value;
      else if (contentLength !== value) return { ok: false, message: 'conflicting Content-Length headers' };
    } else if (name === 'transfer-encoding') {
      if (chunked) return { ok: false, message: 'multiple Transfer-Encoding headers' };
      if (rawValue.toLowerCase() !== 'chunked')
        return { ok: false, message: 'Only Transfer-Encoding: chunked is supported' };
      chunked = true;
    } else if (name === 'connection') {
      if (commaValues(rawValue).includes('close')) connectionClose = true;
    } else if (name === 'upgrade') {
      if (commaValues(rawValue).length > 0) upgrade = true;
    } else if (name === 'expect') {
      if (commaValues(rawValue).includes('100-continue')) expect100Continue = true;
    } else if (name === 'host') {
      hostCount++;
    }
  }
  return {
    ok: true,
    facts: {
      contentLength: contentLength === null ? null : Number(contentLength),
      chunked,
      connectionClose,
      upgrade,
      expect100Continue,
      hostCount,
    },
  };
}

/** set_comma_header(): drop every `name` header, then append one Title-Cased header per value. */
export function setCommaHeader(headers: H11Headers, lowerName: string, values: string[]): H11Headers {
  const out: H11Headers = headers.filter(([n]) => n.toLowerCase() !== lowerName);
  const title = lowerName.replace(/(^|-)([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
  for (const v of values) out.push([title, v]);
  return out;
}

export function getCommaHeader(headers: H11Headers, lowerName: string): string[] {
  const out: string[] = [];
  for (const [n, v] of headers) if (n.toLowerCase() === lowerName) out.push(...commaValues(v));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Event construction checks (what h11's event constructors raise as LocalProtocolError)

export type EventCheck = { ok: true; facts: HeaderFacts | null } | { ok: false; message: string };

export function httpVersionOf(event: H11Request | H11InformationalResponse | H11Response): H11HttpVersion {
  return event.http_version ?? '1.1';
}

/** Runs the checks of the h11 event constructor; returns the header facts for messages with headers. */
export function checkEvent(event: H11Event): EventCheck {
  switch (event.type) {
    case 'Request': {
      const h = checkHeaders(event.headers);
      if (!h.ok) return h;
      if (httpVersionOf(event) === '1.1' && h.facts.hostCount === 0)
        return { ok: false, message: 'Missing mandatory Host: header' };
      if (h.facts.hostCount > 1) return { ok: false, message: 'Found multiple Host: headers' };
      if (!TOKEN_RE.test(event.method)) return { ok: false, message: 'Illegal method characters' };
      if (!TARGET_RE.test(event.target)) return { ok: false, message: 'Illegal target characters' };
      return h;
    }
    case 'InformationalResponse':
    case 'Response': {
      const h = checkHeaders(event.headers);
      if (!h.ok) return h;
      if (!Number.isInteger(event.status_code)) return { ok: false, message: 'status code must be integer' };
      if (event.type === 'InformationalResponse' && !(event.status_code >= 100 && event.status_code < 200))
        return {
          ok: false,
          message: `InformationalResponse status_code should be in range [100, 200), not ${event.status_code}`,
        };
      if (event.type === 'Response' && !(event.status_code >= 200 && event.status_code < 1000))
        return {
          ok: false,
          message: `Response status_code should be in range [200, 1000), not ${event.status_code}`,
        };
      return h;
    }
    case 'EndOfMessage':
      return event.headers && event.headers.length > 0
        ? checkHeaders(event.headers)
        : { ok: true, facts: null };
    case 'Data':
    case 'ConnectionClosed':
      return { ok: true, facts: null };
  }
}

// ---------------------------------------------------------------------------------------------
// Parsing a JSON event object (replay files)

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

function parseAsciiString(obj: Record<string, unknown>, field: string, path: string): ParseResult<string> {
  const v = obj[field];
  if (typeof v !== 'string') return { ok: false, error: `${path}.${field} must be a string` };
  if (!isAscii(v))
    return { ok: false, error: `${path}.${field} must be ASCII (h11 encodes native strings as ascii)` };
  return { ok: true, value: v };
}

function parseHeaders(v: unknown, path: string): ParseResult<H11Headers> {
  if (!Array.isArray(v)) return { ok: false, error: `${path} must be an array of [name, value] pairs` };
  const out: H11Headers = [];
  for (let i = 0; i < v.length; i++) {
    const pair: unknown = v[i];
    if (
      !Array.isArray(pair) ||
      pair.length !== 2 ||
      typeof pair[0] !== 'string' ||
      typeof pair[1] !== 'string'
    )
      return { ok: false, error: `${path}[${i}] must be a [name, value] pair of strings` };
    const [name, value] = pair as [string, string];
    if (!isAscii(name) || !isAscii(value))
      return { ok: false, error: `${path}[${i}] must be ASCII (h11 encodes native strings as ascii)` };
    out.push([name, value]);
  }
  return { ok: true, value: out };
}

function parseHttpVersion(
  obj: Record<string, unknown>,
  path: string,
): ParseResult<H11HttpVersion | undefined> {
  const v = obj.http_version;
  if (v === undefined) return { ok: true, value: undefined };
  if (v !== '1.1' && v !== '1.0') return { ok: false, error: `${path}.http_version must be "1.1" or "1.0"` };
  return { ok: true, value: v };
}

const ALLOWED_FIELDS: Record<H11EventType, readonly string[]> = {
  Request: ['type', 'method', 'target', 'headers', 'http_version'],
  InformationalResponse: ['type', 'status_code', 'headers', 'http_version', 'reason'],
  Response: ['type', 'status_code', 'headers', 'http_version', 'reason'],
  Data: ['type', 'data', 'length'],
  EndOfMessage: ['type', 'headers'],
  ConnectionClosed: ['type'],
};

/**
 * Parses a JSON value into an H11Event. Only checks the shape (types of fields); h11's own
 * protocol checks are done by checkEvent() so that they produce h11's error class and message.
 * `path` names the value in error messages, e.g. "event".
 */
export function parseH11Event(v: unknown, path = 'event'): ParseResult<H11Event> {
  if (!isRecord(v)) return { ok: false, error: `${path} must be an object` };
  const type = v.type;
  if (typeof type !== 'string' || !(H11_EVENT_TYPES as readonly string[]).includes(type))
    return { ok: false, error: `${path}.type must be one of ${H11_EVENT_TYPES.join(', ')}` };
  const t = type as H11EventType;
  for (const key of Object.keys(v))
    if (!ALLOWED_FIELDS[t].includes(key))
      return { ok: false, error: `${path}.${key} is not a field of ${t}` };
  switch (t) {
    case 'Request': {
      const method = parseAsciiString(v, 'method', path);
      if (!method.ok) return method;
      const target = parseAsciiString(v, 'target', path);
      if (!target.ok) return target;
      const headers = parseHeaders(v.headers, `${path}.headers`);
      if (!headers.ok) return headers;
      const version = parseHttpVersion(v, path);
      if (!version.ok) return version;
      const ev: H11Request = { type: t, method: method.value, target: target.value, headers: headers.value };
      if (version.value !== undefined) ev.http_version = version.value;
      return { ok: true, value: ev };
    }
    case 'InformationalResponse':
    case 'Response': {
      if (typeof v.status_code !== 'number' || !Number.isFinite(v.status_code))
        return { ok: false, error: `${path}.status_code must be a number` };
      const headers = parseHeaders(v.headers, `${path}.headers`);
      if (!headers.ok) return headers;
      const version = parseHttpVersion(v, path);
      if (!version.ok) return version;
      const ev: H11Response | H11InformationalResponse = {
        type: t,
        status_code: v.status_code,
        headers: headers.value,
      };
      if (version.value !== undefined) ev.http_version = version.value;
      if (v.reason !== undefined) {
        const reason = parseAsciiString(v, 'reason', path);
        if (!reason.ok) return reason;
        ev.reason = reason.value;
      }
      return { ok: true, value: ev };
    }
    case 'Data': {
      if (typeof v.data !== 'string') return { ok: false, error: `${path}.data must be a string` };
      const ev: H11Data = { type: t, data: v.data };
      if (v.length !== undefined) {
        if (typeof v.length !== 'number' || !Number.isInteger(v.length) || v.length < 0)
          return { ok: false, error: `${path}.length must be a non-negative integer` };
        ev.length = v.length;
      }
      return { ok: true, value: ev };
    }
    case 'EndOfMessage': {
      const ev: H11EndOfMessage = { type: t };
      if (v.headers !== undefined) {
        const headers = parseHeaders(v.headers, `${path}.headers`);
        if (!headers.ok) return headers;
        ev.headers = headers.value;
      }
      return { ok: true, value: ev };
    }
    case 'ConnectionClosed':
      return { ok: true, value: { type: t } };
  }
}
