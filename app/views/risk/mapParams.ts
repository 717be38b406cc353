/** The parameters a map can vary, as the axes and the controls name them. */
import type { VaryParamName } from '../../../sim-core';

export const PARAM_LABELS: Record<VaryParamName, string> = {
  clientExpiryMs: 'client idle expiry (ms)',
  serverTimeoutMs: 'server idle timeout (ms)',
  delayMs: 'one-way delay (ms)',
  meanGapMs: 'mean idle gap (ms)',
  ratePerSec: 'requests per second',
};
