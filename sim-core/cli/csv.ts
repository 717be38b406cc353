import type { RequestSummary } from '../metrics/summary';

const COLUMNS = [
  'id',
  'method',
  'sentAtMs',
  'gapMs',
  'connectionId',
  'reused',
  'attempts',
  'outcome',
  'cause',
  'errorClass',
  'errorMessage',
  'indeterminate',
  'serverProcessed',
  'latencyMs',
] as const;

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Per-request CSV (RFC 4180 quoting), header line first. */
export function requestsCsv(requests: readonly RequestSummary[]): string {
  const rows = requests.map((r) =>
    [
      r.id,
      r.method,
      r.sentAtMs,
      r.gapMs,
      r.connectionId,
      r.reused,
      r.attempts,
      r.outcome,
      r.cause,
      r.error?.class,
      r.error?.message,
      r.indeterminate,
      r.serverProcessed,
      r.latencyMs,
    ]
      .map(cell)
      .join(','),
  );
  return [COLUMNS.join(','), ...rows].join('\n');
}
