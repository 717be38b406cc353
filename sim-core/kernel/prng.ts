/**
 * Seeded pseudo-random numbers with independent named substreams.
 *
 * Each purpose (workload, network, server, client) draws from its own stream,
 * derived from the scenario seed and the stream's name. Changing the client
 * policy therefore changes only the client stream's consumption: arrivals and
 * network delays stay identical (common random numbers), so the buggy and the
 * fixed client face the same world.
 *
 * Generator: sfc32 (small fast counting, 128-bit state), seeded through
 * splitmix32. Only integer arithmetic and Math.log/Math.cos/Math.sqrt, which V8
 * computes identically in Node and Chromium.
 */
export type StreamName = 'workload' | 'network' | 'server' | 'client';
const STREAM_NAMES: readonly StreamName[] = ['workload', 'network', 'server', 'client'];

/** murmur3's 32-bit finaliser, splitmix32's output step: each input bit flips about half the output's. */
export function mix32(x: number): number {
  let z = x >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    return mix32(s);
  };
}

/**
 * The seed of replicate `index` of `seed` (a Monte Carlo's run): splitmix32's index-th output from
 * the mixed seed. Seed N's replicates and seed N+1's share none; `seed + index` would share all but one.
 */
export function replicateSeed(seed: number, index: number): number {
  return mix32((mix32(seed) + Math.imul((index >>> 0) + 1, 0x9e3779b9)) >>> 0);
}

/** FNV-1a 32-bit of a short ASCII name: mixes the stream name into the seed. */
function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** hashName of each stream, once (keyedUniform mixes it into every draw). */
const STREAM_HASH = Object.fromEntries(STREAM_NAMES.map((n) => [n, hashName(n)])) as Record<
  StreamName,
  number
>;

export class Stream {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** Number of 32-bit draws so far (useful in tests of stream independence). */
  draws = 0;

  constructor(seed: number, name: string) {
    const init = splitmix32((seed >>> 0) ^ hashName(name));
    this.a = init();
    this.b = init();
    this.c = init();
    this.d = init();
    // Warm up so nearby seeds diverge immediately.
    for (let i = 0; i < 12; i++) this.nextUint32();
    this.draws = 0;
  }

  nextUint32(): number {
    this.draws++;
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in (0, 1]: safe for logarithms. */
  uniformPositive(): number {
    return (this.nextUint32() + 1) / 4294967296;
  }

  between(min: number, max: number): number {
    return min + (max - min) * this.uniform();
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  exponential(mean: number): number {
    return -mean * Math.log(this.uniformPositive());
  }

  /** Standard normal (Box–Muller, one value per call: simple and reproducible). */
  normal(): number {
    const u = this.uniformPositive();
    const v = this.uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

export class Rng {
  private readonly streams = new Map<StreamName, Stream>();
  constructor(readonly seed: number) {}

  stream(name: StreamName): Stream {
    let s = this.streams.get(name);
    if (!s) {
      s = new Stream(this.seed, name);
      this.streams.set(name, s);
    }
    return s;
  }
}

/**
 * Counter-based draws: a uniform number from (stream, k1, k2, k3) that does
 * not depend on how many other draws happened before. Used where the number of
 * draws depends on the client policy (segments of a connection, requests the
 * server handles), so the same connection's n-th segment or the same request's
 * service time is identical under every policy.
 */
export function keyedUniform(seed: number, stream: StreamName, k1: number, k2 = 0, k3 = 0): number {
  let h = (seed >>> 0) ^ (STREAM_HASH[stream] ?? hashName(stream));
  h = mixKey(h, k1);
  h = mixKey(h, k2);
  h = mixKey(h, k3);
  h = Math.imul(h ^ (h >>> 16), 0xc2b2ae3d) >>> 0;
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** One key into keyedUniform's hash (the three keys in order, unrolled: this runs per segment). */
function mixKey(h0: number, k: number): number {
  let h = Math.imul(h0 ^ (k >>> 0), 0x9e3779b1) >>> 0;
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca77) >>> 0;
  h ^= h >>> 13;
  return h;
}
