/**
 * Turns a workload description into request arrivals. Open workloads
 * (Poisson, bursts, the seed's service chain) are drawn up front from the
 * workload stream, so they are identical under every client policy. The
 * sequential workload is a closed loop: a program that sends a request,
 * reads the response, sleeps the next gap, and repeats.
 */
import { sampleMs } from '../kernel/distributions';
import type { Stream } from '../kernel/prng';
import { usFromMs } from '../kernel/simulator';
import type { HttpMethod, Workload } from '../scenario/types';

const draw = (s: Stream, d: Parameters<typeof sampleMs>[0]) =>
  Math.max(0, sampleMs(d, s.uniform(), s.uniform()));

/**
 * Arrival times (integer µs, in order) of an open workload, capped at `maxRequests`. Every
 * arrival has the workload's method and path. Plain numbers: a million arrivals are 8 MB, and
 * run.ts schedules them one at a time.
 */
export function openArrivals(
  w: Exclude<Workload, { kind: 'sequential' }>,
  s: Stream,
  maxRequests: number,
): number[] {
  const out: number[] = [];
  const push = (tMs: number) => out.push(usFromMs(tMs));
  switch (w.kind) {
    case 'poisson': {
      let t = 0;
      for (let i = 0; i < Math.min(w.count, maxRequests); i++) {
        t += s.exponential(1000 / w.ratePerSec);
        push(t);
      }
      break;
    }
    case 'idle-then-burst': {
      let t = 0;
      for (let b = 0; b < w.bursts && out.length < maxRequests; b++) {
        if (b > 0) t += draw(s, w.idleMs);
        for (let i = 0; i < w.concurrency && out.length < maxRequests; i++) push(t);
      }
      break;
    }
    case 'service-chain': {
      let burstStart = 0;
      for (let b = 0; b < w.bursts && out.length < maxRequests; b++) {
        if (b > 0) burstStart += draw(s, w.idleMs);
        const size = w.burstSize.min + s.int(w.burstSize.max - w.burstSize.min + 1);
        let incoming = burstStart;
        for (let i = 0; i < size && out.length < maxRequests; i++) {
          if (i > 0) incoming += draw(s, w.withinBurstMs);
          // Service A does its own work, then calls service B.
          push(incoming + draw(s, w.handlingMs));
        }
      }
      // Handling times can reorder calls within a burst.
      out.sort((a, b) => a - b);
      break;
    }
  }
  return out;
}

/** The method of the i-th request of a sequential workload. */
export function sequentialMethod(w: Extract<Workload, { kind: 'sequential' }>, i: number): HttpMethod {
  if (!w.methods || w.methods.length === 0) return w.method;
  return w.methods[i % w.methods.length]!;
}
