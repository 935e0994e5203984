// The CoSQA relevance set (../shared/eval/cosqa) and its scores: NDCG@10 and MRR@10 of one ranked
// list per query against the single gold function.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const COSQA_DIR = process.env.COSQA_DIR ?? join(import.meta.dirname ?? '.', '..', '..', '..', 'shared', 'eval', 'cosqa');

/** { corpus: code[] indexed by id, queries: [{query, gold}] } */
export function loadCosqa(dir = COSQA_DIR) {
  const idOf = JSON.parse(readFileSync(join(dir, 'code_idx_map.txt'), 'utf8'));
  const corpus = [];
  for (const [code, id] of Object.entries(idOf)) corpus[id] = code;
  const rows = JSON.parse(readFileSync(join(dir, 'cosqa-retrieval-dev-500.json'), 'utf8'));
  const queries = rows.map((row) => {
    const gold = idOf[row.code];
    if (gold === undefined) throw new Error(`CoSQA: the gold function of "${row.doc}" is not in code_idx_map.txt`);
    return { query: row.doc, gold };
  });
  return { corpus, queries };
}

/** Per query {ndcg, rr} at 10, for ranked lists of ids. */
export function scoreRuns(runs, queries) {
  return runs.map((ids, i) => {
    const rank = ids.slice(0, 10).indexOf(queries[i].gold);
    return rank < 0 ? { ndcg: 0, rr: 0 } : { ndcg: 1 / Math.log2(rank + 2), rr: 1 / (rank + 1) };
  });
}

/** Mean NDCG@10 and MRR@10 in percent. */
export function summarizeRuns(runs, queries) {
  const each = scoreRuns(runs, queries);
  const mean = (xs) => (100 * xs.reduce((a, c) => a + c, 0)) / xs.length;
  return { ndcg10: Number(mean(each.map((s) => s.ndcg)).toFixed(1)), mrr10: Number(mean(each.map((s) => s.rr)).toFixed(1)) };
}
