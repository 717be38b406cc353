/** What a command may do to the outside world; the tests pass fakes (see nodeIo.ts for the real one). */
export interface CliIO {
  /**
   * A UTF-8 text file, or stdin for `-`, of at most `maxBytes` bytes. Rejects with an
   * InputTooLargeError past the limit, or with Node's error (its `code`: ENOENT, EISDIR, EACCES…).
   */
  readFile(path: string, maxBytes: number): Promise<string>;
  /** The same, as bytes (a packet capture); optional so the tests' fakes need not have it. */
  readBytes?(path: string, maxBytes: number): Promise<Uint8Array>;
  /** Creates or replaces a file. Rejects with Node's error. */
  writeFile(path: string, text: string): Promise<void>;
  out(line: string): void;
  err(line: string): void;
}

/** An input over the size limit it was read with. */
export class InputTooLargeError extends Error {
  constructor(
    /** Bytes in the file when known (a regular file), else null (stdin, a pipe, a device). */
    readonly size: number | null,
    readonly limit: number,
  ) {
    super(size === null ? `more than ${limit} bytes` : `${size} bytes`);
    this.name = 'InputTooLargeError';
  }
}

const FS_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EBUSY: 'resource busy',
  EEXIST: 'file exists',
  EINVAL: 'invalid argument',
  EIO: 'input/output error',
  ENXIO: 'no such device or address',
  ETXTBSY: 'text file busy',
  EFBIG: 'file too large',
};

const MiB = 1024 * 1024;

/** A size limit as `N bytes (M MiB)`. */
export function bytesLimit(limit: number): string {
  return `${limit} bytes${limit % MiB === 0 ? ` (${limit / MiB} MiB)` : ''}`;
}

/**
 * Why reading or writing a file failed, for a one-line message: `no such file or directory
 * (ENOENT)`, `is … bytes; at most …`. Anything (even a thrown non-Error) gives a string.
 */
export function ioProblem(e: unknown): string {
  if (e instanceof InputTooLargeError)
    return e.size === null
      ? `is larger than ${bytesLimit(e.limit)}, the limit`
      : `is ${e.size} bytes; at most ${bytesLimit(e.limit)}`;
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && Object.hasOwn(FS_ERRORS, code)) return `${FS_ERRORS[code]} (${code})`;
  const message = e instanceof Error ? e.message : String(e);
  return typeof code === 'string' ? `${message} (${code})` : message;
}
