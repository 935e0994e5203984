// Seeded randomness for the stress tests: a failure names its seed, and CODE_INDEX_STRESS_SEED replays it.

/** mulberry32: a small, fast generator that is plenty for picking files and moments. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (items) => items[Math.floor(next() * items.length)],
  };
}

/** The seed of this run: CODE_INDEX_STRESS_SEED when set, else a fresh one. */
export function stressSeed() {
  const fromEnv = Number(process.env.CODE_INDEX_STRESS_SEED);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 1 + Math.floor(Math.random() * 2 ** 31);
}
