import type { Distribution } from '../scenario/types';

/**
 * Draws a duration in ms from a distribution, given uniform variates in [0,1).
 * Taking the uniforms as arguments lets a caller use either a sequential
 * stream or keyed (counter-based) draws.
 */
export function sampleMs(d: Distribution, u1: number, u2: number): number {
  switch (d.kind) {
    case 'fixed':
      return d.ms;
    case 'uniform':
      return d.minMs + (d.maxMs - d.minMs) * u1;
    case 'exponential':
      return -d.meanMs * Math.log(1 - u1);
    case 'lognormal': {
      const z = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
      return d.medianMs * Math.exp(d.sigma * z);
    }
  }
}
