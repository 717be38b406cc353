/**
 * The event log's tone colours stay readable on every row background, the selected row at the
 * cursor included: WCAG's contrast ratio, from the colours log.css actually sets.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const css = readFileSync(join(import.meta.dirname, 'log.css'), 'utf8');
const tokens = readFileSync(join(import.meta.dirname, '..', '..', 'styles', 'tokens.css'), 'utf8');

/** The colour a rule for `selector` sets for `prop` (a token resolved), or null. */
function colourOf(selector: string, prop: 'color' | 'background'): string | null {
  const at = css.indexOf(`${selector} {`);
  if (at === -1) return null;
  const body = css.slice(at, css.indexOf('}', at));
  const m = new RegExp(`\\n\\s*${prop}:\\s*([^;]+);`).exec(body);
  if (!m) return null;
  const v = m[1]!.trim();
  const token = /^var\((--[\w-]+)\)$/.exec(v);
  return token ? (new RegExp(`${token[1]}:\\s*(#[0-9a-f]{6})`).exec(tokens)?.[1] ?? null) : v;
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

const contrast = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
};

describe('the event log’s colours', () => {
  const backgrounds = [
    '.log-row:hover',
    '.log-row.is-current',
    '.log-row.is-selected',
    '.log-row.is-selected.is-current',
  ].map((s) => [s, colourOf(s, 'background')] as const);
  const texts = [
    '.log-row[data-tone="bad"] .log-kind',
    '.log-row[data-tone="warn"] .log-detail',
    '.log-row[data-tone="good"] .log-detail',
    '.log-row[data-tone="rst"] .log-detail',
    '.log-row[data-tone="fin"] .log-detail',
    '.log-row.is-future',
    '.log-kind',
  ].map((s) => [s, colourOf(s, 'color')] as const);

  it('reads every colour it checks from log.css', () => {
    for (const [s, c] of [...backgrounds, ...texts]) expect(c, s).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('gives every tone at least 4.5:1 on every row background', () => {
    const low: string[] = [];
    for (const [t, fg] of texts)
      for (const [b, bg] of backgrounds) {
        const r = contrast(fg!, bg!);
        if (r < 4.5) low.push(`${t} on ${b}: ${r.toFixed(2)}`);
      }
    expect(low).toEqual([]);
  });
});
