/** Pieces several client policies share: Python's errno texts, method sets, the httpx 0.6–0.12 family. */
import type { HttpMethod } from '../../scenario/types';
import {
  type ErrorContext,
  type ErrorReport,
  type FailureCause,
  IDEMPOTENT_METHODS,
  REPLAYABLE_METHODS,
} from '../types';

/** `str(OSError)` for the errnos a client meets here (Linux numbering). */
export const PY_ERRNO = {
  ECONNRESET: '[Errno 104] Connection reset by peer',
  EPIPE: '[Errno 32] Broken pipe',
} as const;

export const isIdempotent = (m: HttpMethod) => IDEMPOTENT_METHODS.includes(m);
export const isReplayable = (m: HttpMethod) => REPLAYABLE_METHODS.includes(m);

/** The errno of a failed write as Python prints it (EPIPE when unknown). */
export const pyWriteErrno = (ctx: ErrorContext) =>
  ctx.errno === 'ECONNRESET' ? PY_ERRNO.ECONNRESET : PY_ERRNO.EPIPE;

/** h11's own exception, as http3 0.6 let it escape (the text is h11's). */
export const h11OrEof = (ctx: ErrorContext): ErrorReport =>
  ctx.h11Error ?? { class: 'h11._util.RemoteProtocolError', message: 'peer unexpectedly closed connection' };

/**
 * http3 0.6 to httpx 0.12 on asyncio: the header write's failure surfaces from
 * `StreamWriter.drain()` as asyncio's `ConnectionResetError('Connection lost')`;
 * read errors never surface (they become EOF, see `readErrorAsEof`).
 */
export function asyncioEraError(
  cause: FailureCause,
  ctx: ErrorContext,
  onEof: (ctx: ErrorContext, cause: FailureCause) => ErrorReport,
  readTimeoutClass: string,
): ErrorReport {
  switch (cause) {
    case 'eof':
    case 'reset':
      return onEof(ctx, cause);
    case 'write-failed':
      return { class: 'ConnectionResetError', message: 'Connection lost' };
    case 'timeout':
      return { class: readTimeoutClass, message: '' };
  }
}
