/** The CLI's real outside world: bounded file and stdin reads, file writes, stdout and stderr. */
import { open, writeFile } from 'node:fs/promises';
import { type CliIO, InputTooLargeError } from './io';

const CHUNK = 1024 * 1024;

function decode(chunks: Buffer[]): string {
  const text = Buffer.concat(chunks).toString('utf8');
  // A byte-order mark (Windows editors write one) is not part of the text.
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

async function readStdin(maxBytes: number): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin) {
    const b = chunk as Buffer;
    total += b.length;
    if (total > maxBytes) {
      process.stdin.destroy();
      throw new InputTooLargeError(null, maxBytes);
    }
    chunks.push(b);
  }
  return chunks;
}

/**
 * Reads at most maxBytes + 1 bytes whatever the file claims: a FIFO, /dev/zero or a /proc file
 * reports no size, and a file can grow while it is read.
 */
async function readBounded(path: string, maxBytes: number): Promise<Buffer[]> {
  if (path === '-') return readStdin(maxBytes);
  const fh = await open(path, 'r');
  try {
    const st = await fh.stat();
    if (st.isDirectory()) throw Object.assign(new Error(`EISDIR: ${path}`), { code: 'EISDIR' });
    if (st.isFile() && st.size > maxBytes) throw new InputTooLargeError(st.size, maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
      const { bytesRead } = await fh.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw new InputTooLargeError(null, maxBytes);
      chunks.push(buffer.subarray(0, bytesRead));
    }
    return chunks;
  } finally {
    await fh.close();
  }
}

export const nodeIO: CliIO = {
  readFile: async (path, maxBytes) => decode(await readBounded(path, maxBytes)),
  readBytes: async (path, maxBytes) => new Uint8Array(Buffer.concat(await readBounded(path, maxBytes))),
  writeFile: (path, text) => writeFile(path, text, 'utf8'),
  out: (line) => {
    process.stdout.write(`${line}\n`);
  },
  err: (line) => {
    process.stderr.write(`${line}\n`);
  },
};
