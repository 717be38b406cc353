/**
 * Just enough HTTP/1.1 to frame responses on a raw socket (the probe) and to label what crosses
 * the delay proxy: status line, headers, a Content-Length or chunked body. Bounded: a head over
 * HEAD_MAX or a body over BODY_MAX is an error, never an unbounded buffer.
 */

export const HEAD_MAX = 64 * 1024;
export const BODY_MAX = 1024 * 1024;

export interface Response {
  status: number;
  reason: string;
  /** Header names lower-cased; a repeated header's values joined with ", ". */
  headers: Map<string, string>;
  bodyBytes: number;
}

/** Feeds bytes in, gets whole responses out (in order), or throws on a malformed stream. */
export class ResponseReader {
  private buf: Buffer = Buffer.alloc(0);
  private head: Omit<Response, 'bodyBytes'> | null = null;
  /** Body bytes still to come (Content-Length), or 'chunked'. */
  private remaining: number | 'chunked' = 0;
  private bodyBytes = 0;

  push(data: Buffer): Response[] {
    this.buf = this.buf.length === 0 ? data : Buffer.concat([this.buf, data]);
    const out: Response[] = [];
    for (let guard = 0; guard < 10_000; guard++) {
      const r = this.step();
      if (r === null) break;
      out.push(r);
    }
    return out;
  }

  /** Bytes of a response that has begun but not ended (a close now would cut it). */
  get midResponse(): boolean {
    return this.head !== null || this.buf.length > 0;
  }

  private step(): Response | null {
    if (this.head === null) {
      const end = this.buf.indexOf('\r\n\r\n');
      if (end === -1) {
        if (this.buf.length > HEAD_MAX) throw new Error(`response head over ${HEAD_MAX} bytes`);
        return null;
      }
      const lines = this.buf.subarray(0, end).toString('latin1').split('\r\n');
      this.buf = this.buf.subarray(end + 4);
      const m = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
      if (!m)
        throw new Error(`not an HTTP/1.x status line: ${JSON.stringify((lines[0] ?? '').slice(0, 80))}`);
      const headers = new Map<string, string>();
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':');
        if (colon <= 0) throw new Error(`malformed header line: ${JSON.stringify(line.slice(0, 80))}`);
        const name = line.slice(0, colon).trim().toLowerCase();
        const value = line.slice(colon + 1).trim();
        headers.set(name, headers.has(name) ? `${headers.get(name)}, ${value}` : value);
      }
      this.head = { status: Number(m[1]), reason: m[2] ?? '', headers };
      this.bodyBytes = 0;
      const te = headers.get('transfer-encoding');
      const cl = headers.get('content-length');
      if (te !== undefined && /chunked/i.test(te)) this.remaining = 'chunked';
      else if (cl !== undefined) {
        if (!/^\d{1,9}$/.test(cl)) throw new Error(`bad Content-Length ${JSON.stringify(cl)}`);
        this.remaining = Number(cl);
        if (this.remaining > BODY_MAX) throw new Error(`body over ${BODY_MAX} bytes`);
      } else if (this.head.status === 204 || this.head.status === 304 || this.head.status < 200)
        this.remaining = 0;
      else throw new Error('a close-delimited response body (no Content-Length, not chunked): not supported');
    }
    if (this.remaining === 'chunked') {
      for (let guard = 0; guard < 10_000; guard++) {
        const eol = this.buf.indexOf('\r\n');
        if (eol === -1) return null;
        const size = Number.parseInt(this.buf.subarray(0, eol).toString('latin1').split(';')[0]!, 16);
        if (!Number.isFinite(size) || size < 0) throw new Error('bad chunk size');
        if (size === 0) {
          // The last chunk, then (no trailers supported) an empty line.
          if (this.buf.length < eol + 4) return null;
          this.buf = this.buf.subarray(eol + 4);
          return this.finish();
        }
        if (this.bodyBytes + size > BODY_MAX) throw new Error(`body over ${BODY_MAX} bytes`);
        if (this.buf.length < eol + 2 + size + 2) return null;
        this.bodyBytes += size;
        this.buf = this.buf.subarray(eol + 2 + size + 2);
      }
      return null;
    }
    if (this.buf.length < this.remaining) return null;
    this.bodyBytes = this.remaining;
    this.buf = this.buf.subarray(this.remaining);
    return this.finish();
  }

  private finish(): Response {
    const r = { ...this.head!, bodyBytes: this.bodyBytes };
    this.head = null;
    return r;
  }
}

/** `GET /path HTTP/1.1\r\n…` → `GET /path`; `HTTP/1.1 200 OK\r\n…` → `200 OK`; else null. */
export function dataLabel(chunk: Buffer): string | null {
  const line = chunk.subarray(0, Math.min(chunk.length, 300)).toString('latin1').split('\r\n')[0] ?? '';
  const req = /^([A-Z]{3,7}) (\S{1,200}) HTTP\/1\.[01]$/.exec(line);
  if (req) return `${req[1]} ${req[2]}`;
  const res = /^HTTP\/1\.[01] (\d{3}(?: .{0,60})?)$/.exec(line);
  return res ? res[1]!.trim() : null;
}

/** The `x-rw-req` header (the request id `sim real` puts on each request), if the chunk has one. */
export function requestTag(chunk: Buffer): number | null {
  const m = /\r\nx-rw-req: ?(\d{1,9})\r\n/i.exec(chunk.subarray(0, 4096).toString('latin1'));
  return m ? Number(m[1]) : null;
}
