// The name ranking as it was when every reader held every definition's name in memory (before schema
// 5): the reference the symbol_names index must reproduce, written from the old rankSymbolNames.
export function referenceRanking(core, conn, query, limit, { containing = false } = {}) {
  const rows = conn.prepare('SELECT id, name FROM symbols ORDER BY id').all();
  const q = query.toLowerCase();
  const ranked = [];
  const rank = (r) => {
    const m = core.matchName(query, r.name);
    if (m) ranked.push({ id: r.id, tier: m.tier, score: m.score });
  };
  if (containing) {
    for (const r of rows) if (r.name.toLowerCase().includes(q)) rank(r);
  } else {
    const strong = [];
    const weak = [];
    for (const r of rows) {
      const n = r.name.toLowerCase();
      if (n.startsWith(q)) strong.push(r);
      else if (isSubsequence(q, n)) weak.push(r);
    }
    for (const r of strong.length >= limit ? strong : strong.concat(weak)) rank(r);
  }
  ranked.sort((a, b) => b.score - a.score);
  let end = Math.min(limit, ranked.length);
  const cap = end + 1000;
  while (end > 0 && end < ranked.length && end < cap && ranked[end].score === ranked[end - 1].score) end++;
  return ranked.slice(0, end);
}

function isSubsequence(q, n) {
  let j = 0;
  for (const ch of q) {
    j = n.indexOf(ch, j);
    if (j < 0) return false;
    j++;
  }
  return true;
}

/** Every prefix of each name, as typed one key at a time, plus the lowercase and a humps form. */
export function typedQueries(names) {
  const out = new Set();
  for (const name of names) {
    for (let n = 1; n <= name.length; n++) out.add(name.slice(0, n));
    out.add(name.toLowerCase());
    const humps = name.replace(/[a-z0-9]+/g, (w, at) => (at === 0 ? w.slice(0, 2) : w[0]));
    out.add(humps);
  }
  return [...out];
}
