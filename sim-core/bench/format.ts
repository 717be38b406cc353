/** The bench's number formats and its plain-text tables. */
export const int = (n: number) => Math.round(n).toLocaleString('en-US');
export const fix = (n: number, d = 1) =>
  n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
export const secs = (ms: number) => `${fix(ms / 1000, 2)} s`;
/** Several runs' times in seconds: `1.19 / 0.84 / 0.58 s`. */
export const runSecs = (ms: number[]) => `${ms.map((m) => fix(m / 1000, 2)).join(' / ')} s`;
export const perCpuSec = (count: number, cpuMs: number) => int(count / (cpuMs / 1000));
export const ratio = (a: number, b: number) => `${fix(a / b, 1)}×`;
export const pct = (share: number) => `${fix(100 * share, 0)} %`;

export function table(title: string, header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [`\n${title}`, line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join(
    '\n',
  );
}
