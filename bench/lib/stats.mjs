// Small numeric helpers: percentiles of a sample, the event-loop delay histogram in milliseconds,
// and the rounding every printed figure goes through.

/** p50/p95/p99/max/mean of a list of milliseconds (nearest-rank percentiles). */
export function summarize(samples) {
  if (samples.length === 0) return { n: 0, p50: null, p95: null, p99: null, max: null, mean: null };
  const sorted = Float64Array.from(samples).sort();
  const rank = (p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    p50: round(rank(50)),
    p95: round(rank(95)),
    p99: round(rank(99)),
    max: round(sorted.at(-1)),
    mean: round(sum / sorted.length),
  };
}

/** A perf_hooks IntervalHistogram (nanoseconds) as milliseconds. */
export function histogramMs(h) {
  const ms = (ns) => round(ns / 1e6);
  return { n: h.count, p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), mean: ms(h.mean) };
}

export function round(x, digits = 2) {
  if (x === null || x === undefined || !Number.isFinite(x)) return x ?? null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** a / b to three significant digits, or null when either is missing or b is zero. */
export function ratio(a, b) {
  if (a == null || b == null || b === 0) return null;
  const r = a / b;
  return r === 0 ? 0 : Number(r.toPrecision(3));
}
