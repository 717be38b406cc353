/** How the explorer's rates and shares look. */
import { formatCount } from '../../format';

const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** Failures per million: whole numbers from 100 up, one decimal below (`0.4`, `12.5`, `2,150`). */
export function perMillion(n: number): string {
  return n >= 100 ? formatCount(n) : oneDecimal.format(n);
}

/** `45 %` of a total (an em dash when the total is 0). */
export function share(n: number, total: number): string {
  if (total <= 0) return '—';
  return `${Math.round((100 * n) / total)} %`;
}
