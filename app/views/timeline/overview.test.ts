import { scaleLinear } from 'd3';
import { describe, expect, it } from 'vitest';
import { axisLayout } from './axis';
import { OVERVIEW_H } from './model';
import { overviewPaths } from './overview';
import { PLOT_W, staleReuseModel } from './testing';
import { tooltipPosition } from './tooltip';

describe('overview', () => {
  const m = staleReuseModel();
  const base = scaleLinear().domain([0, m.endAt]).range([0, PLOT_W]);
  const p = overviewPaths(m, base, PLOT_W);

  it('draws the event density as a closed step area along the bottom', () => {
    expect(p.density.startsWith(`M0,${OVERVIEW_H - 4}L0,`)).toBe(true);
    expect(p.density.endsWith(`L${PLOT_W},${OVERVIEW_H - 4}Z`)).toBe(true);
    // One step (two points) per 2 px bin; the busiest bin reaches 4 px from the top.
    expect(p.density.match(/L/g)).toHaveLength(2 * (PLOT_W / 2) + 1);
    expect(p.density).toContain(`,4L`);
  });

  it('marks race windows and stale stretches as bars, apart, and failures as ticks', () => {
    // The race window [5.012, 5.016) s: one round trip around the close; stale until the failure.
    const r0 = base(5_012_000);
    expect(p.race).toBe(
      `M${r0},${OVERVIEW_H - 9}H${Math.max(r0 + 1.5, base(5_016_000))}V${OVERVIEW_H - 3}H${r0}Z`,
    );
    const s0 = base(5_016_000);
    expect(p.stale).toBe(`M${s0},${OVERVIEW_H - 9}H${base(6_000_050)}V${OVERVIEW_H - 3}H${s0}Z`);
    expect(p.fail).toBe(`M${base(6_000_050)},3V${OVERVIEW_H - 10}`);
  });
});

describe('axis', () => {
  it('labels a whole run in seconds, leaving out labels that would run off the plot', () => {
    const x = scaleLinear().domain([0, 204_367_000]).range([0, PLOT_W]);
    const a = axisLayout(x, PLOT_W);
    expect(a.unit).toBe('s');
    expect(a.caption).toBe('span 204 s');
    expect(a.ticks[0]).toEqual({ v: 0, x: 0, label: '' });
    expect(a.ticks[1]).toMatchObject({ v: 20_000_000, label: '20 s' });
    expect(a.ticks.every((t) => t.x >= 0 && t.x <= PLOT_W)).toBe(true);
  });

  it('gives offsets from a base when zoomed to microseconds late in a run', () => {
    const x = scaleLinear().domain([2_400_000_000, 2_400_000_100]).range([0, PLOT_W]);
    const a = axisLayout(x, PLOT_W);
    expect(a.unit).toBe('µs');
    expect(a.caption).toMatch(/^from 2,400/);
    expect(a.ticks.filter((t) => t.label).every((t) => t.label.startsWith('+'))).toBe(true);
  });
});

describe('tooltip', () => {
  it('sits below right of the pointer, inside the host', () => {
    expect(tooltipPosition(100, 50, 800, 200)).toEqual({ left: 114, top: 66 });
    expect(tooltipPosition(700, 50, 800, 200)).toEqual({ left: 596, top: 66 });
    expect(tooltipPosition(10, 0, 100, 300)).toEqual({ left: 4, top: 16 });
  });
});
