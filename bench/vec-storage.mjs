#!/usr/bin/env node
// sqlite-vec 0.1.9: pitfalls probes, then vector storage choices measured.
//
//   node bench/vec-storage.mjs                      # pitfalls + storage, 100k vectors: 384 aniso, 384 iso, 256 aniso
//   node bench/vec-storage.mjs --pitfalls           # pitfalls only (seconds)
//   node bench/vec-storage.mjs --storage            # storage only
//   node bench/vec-storage.mjs --storage --n 20000 --queries 50 --configs 384:aniso --ks 100,200,500
//   node bench/vec-storage.mjs --json out.json
//
// Data: synthetic but clustered, seeded (same numbers every run). Each vector is a sum of topic
// vectors (1 main topic, 1 secondary at weight 0.3..0.7, 1 minor at 0..0.3) plus Gaussian noise,
// normalised. Variant "aniso" adds one direction shared by every vector, as real sentence
// embeddings have (mean pairwise cosine ~0.3); "iso" omits it (mean pairwise cosine ~0).
// Queries are drawn from the same generator but are not in the corpus.
// Ground truth: exact cosine top-10 by brute force in JS (checked against vec0 float32).

import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');
const sqliteVec = require('sqlite-vec');

const argv = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const has = (name) => argv.includes(name);
const log = (...a) => console.log(...a);
const results = { env: { node: process.version, cpus: os.cpus().length, loadavg_start: os.loadavg().map((x) => +x.toFixed(2)) } };

function open(file, { fk } = {}) {
  const db = new Database(file);
  sqliteVec.load(db);
  if (fk !== undefined) db.pragma(`foreign_keys = ${fk ? 'ON' : 'OFF'}`);
  return db;
}
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ci-vec-'));
const f32 = (a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
const errStr = (e) => `${e.code}: ${e.message}`;
const tryRun = (fn) => {
  try {
    const r = fn();
    return { ok: true, result: r };
  } catch (e) {
    return { ok: false, error: errStr(e) };
  }
};
const fileSize = (f) => ['', '-wal'].reduce((s, x) => s + (fs.existsSync(f + x) ? fs.statSync(f + x).size : 0), 0);
const mb = (b) => +(b / 1048576).toFixed(1);

// ---------------------------------------------------------------------------------------------
// seeded random numbers
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let spare = null;
  const gauss = () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = next();
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  return { next, gauss };
}
function normalize(v) {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  s = 1 / Math.sqrt(s);
  for (let i = 0; i < v.length; i++) v[i] *= s;
  return v;
}
function randUnit(r, d) {
  const v = new Float32Array(d);
  for (let i = 0; i < d; i++) v[i] = r.gauss();
  return normalize(v);
}

function makeData({ n, q, d, variant, seed = 42 }) {
  const r = rng(seed + d);
  const T = 1000;
  const topics = Array.from({ length: T }, () => randUnit(r, d));
  const shared = randUnit(r, d);
  const sharedW = variant === 'aniso' ? 0.75 : 0;
  const noise = 0.5 / Math.sqrt(d);
  const one = () => {
    const v = new Float32Array(d);
    const t1 = topics[(r.next() * T) | 0],
      t2 = topics[(r.next() * T) | 0],
      t3 = topics[(r.next() * T) | 0];
    const w2 = 0.3 + 0.4 * r.next(),
      w3 = 0.3 * r.next();
    for (let i = 0; i < d; i++) v[i] = t1[i] + w2 * t2[i] + w3 * t3[i] + sharedW * shared[i] + noise * r.gauss();
    return normalize(v);
  };
  // The corpus lives in one flat buffer; vectors are views into it.
  const flat = new Float32Array(n * d);
  const docs = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = one();
    flat.set(v, i * d);
    docs[i] = flat.subarray(i * d, (i + 1) * d);
  }
  const queries = Array.from({ length: q }, one);
  return { docs, queries, flat };
}
function dot(a, b) {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
function exactTopK(docs, qv, k) {
  // keep a small sorted list of the best k (ids are 1-based rowids)
  const best = [];
  let worst = -Infinity;
  for (let i = 0; i < docs.length; i++) {
    const s = dot(docs[i], qv);
    if (best.length < k || s > worst) {
      best.push([i + 1, s]);
      best.sort((x, y) => y[1] - x[1]);
      if (best.length > k) best.pop();
      worst = best[best.length - 1][1];
    }
  }
  return best;
}
function dataStats(docs, queries, truth) {
  const r = rng(7);
  let pair = 0;
  const P = 20000;
  for (let i = 0; i < P; i++) pair += dot(docs[(r.next() * docs.length) | 0], docs[(r.next() * docs.length) | 0]);
  const top1 = truth.reduce((s, t) => s + t[0][1], 0) / truth.length;
  const top10 = truth.reduce((s, t) => s + t[9][1], 0) / truth.length;
  return { mean_random_pair_cosine: +(pair / P).toFixed(3), mean_top1_cosine: +top1.toFixed(3), mean_10th_cosine: +top10.toFixed(3) };
}

// quantizers
function int8Quantizer(docs) {
  const r = rng(3);
  const sample = [];
  for (let i = 0; i < 2000; i++) {
    const v = docs[(r.next() * docs.length) | 0];
    for (let j = 0; j < v.length; j += 7) sample.push(Math.abs(v[j]));
  }
  sample.sort((a, b) => a - b);
  const q = sample[Math.floor(sample.length * 0.999)];
  const s = 127 / q;
  return {
    scale: s,
    q: (v) => {
      const o = new Int8Array(v.length);
      for (let i = 0; i < v.length; i++) o[i] = Math.max(-127, Math.min(127, Math.round(v[i] * s)));
      return o;
    },
  };
}
function bitQuantizer(docs, centered) {
  const d = docs[0].length;
  const mean = new Float32Array(d);
  if (centered) {
    const r = rng(5);
    const S = Math.min(10000, docs.length);
    for (let i = 0; i < S; i++) {
      const v = docs[(r.next() * docs.length) | 0];
      for (let j = 0; j < d; j++) mean[j] += v[j] / S;
    }
  }
  // bit i of the vector is bit (i % 8) of byte (i / 8), least significant first (as vec_quantize_binary)
  return {
    q: (v) => {
      const o = new Uint8Array(d / 8);
      for (let i = 0; i < d; i++) if (v[i] - mean[i] > 0) o[i >> 3] |= 1 << (i & 7);
      return o;
    },
  };
}
const pct = (arr, p) => {
  const s = [...arr].sort((a, b) => a - b);
  return +s[Math.min(s.length - 1, Math.floor(s.length * p))].toFixed(2);
};
const recallAt10 = (ids, truth) => {
  const t = new Set(truth.slice(0, 10).map((x) => x[0]));
  let h = 0;
  for (const id of ids.slice(0, 10)) if (t.has(id)) h++;
  return h / 10;
};

// ---------------------------------------------------------------------------------------------
// Pitfalls
function pitfalls() {
  const dir = tmp();
  const P = (results.pitfalls = {});
  const ver = open(':memory:');
  P.versions = ver.prepare('SELECT sqlite_version() AS sqlite, vec_version() AS vec').get();
  P.better_sqlite3_foreign_keys_default = ver.pragma('foreign_keys', { simple: true });
  ver.close();
  log(`versions: ${JSON.stringify(P.versions)}; better-sqlite3 foreign_keys default = ${P.better_sqlite3_foreign_keys_default}`);

  // 1. INSERT OR REPLACE on an existing vec0 rowid
  {
    const db = open(path.join(dir, 'p1.db'));
    db.exec("CREATE VIRTUAL TABLE v USING vec0(embedding float[4]); INSERT INTO v(rowid, embedding) VALUES (1, '[1,2,3,4]');");
    const r = (P.insert_or_replace = {});
    r.insert_or_replace_existing = tryRun(() => db.prepare("INSERT OR REPLACE INTO v(rowid, embedding) VALUES (1, '[9,9,9,9]')").run());
    r.plain_insert_existing = tryRun(() => db.prepare("INSERT INTO v(rowid, embedding) VALUES (1, '[9,9,9,9]')").run());
    r.upsert_on_conflict = tryRun(() => db.prepare("INSERT INTO v(rowid, embedding) VALUES (1, '[9,9,9,9]') ON CONFLICT DO NOTHING").run());
    r.delete_then_insert = tryRun(() =>
      db.transaction(() => {
        db.prepare('DELETE FROM v WHERE rowid = 1').run();
        db.prepare("INSERT INTO v(rowid, embedding) VALUES (1, '[5,6,7,8]')").run();
        return db.prepare('SELECT vec_to_json(embedding) AS e FROM v WHERE rowid = 1').get().e;
      })(),
    );
    r.update_in_place = tryRun(() => {
      db.prepare("UPDATE v SET embedding = '[4,3,2,1]' WHERE rowid = 1").run();
      return db.prepare('SELECT vec_to_json(embedding) AS e FROM v WHERE rowid = 1').get().e;
    });
    db.close();
    log(`1. INSERT OR REPLACE: ${JSON.stringify(r)}`);
  }

  // 2. FOREIGN KEY referencing a vec0 table (sqlite-vec issue 144)
  {
    const r = (P.foreign_key_to_vec0 = {});
    for (const fk of [true, false]) {
      const f = path.join(dir, `p2-fk${fk ? 'on' : 'off'}.db`);
      const db = open(f, { fk });
      const o = (r[fk ? 'foreign_keys_on' : 'foreign_keys_off'] = {});
      o.create_tables = tryRun(
        () =>
          db.exec(`
        CREATE VIRTUAL TABLE embeddings USING vec0(id INTEGER PRIMARY KEY, embedding float[4]);
        CREATE TABLE widgets(widget_id INTEGER NOT NULL, embedding_id INTEGER NOT NULL REFERENCES embeddings(id));
        INSERT INTO embeddings(id, embedding) VALUES (1, '[1,2,3,4]');`) && 'ok',
      );
      o.vec0_rootpage_in_schema = db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'embeddings'").pluck().get();
      o.insert_child_valid_parent = tryRun(() => db.prepare('INSERT INTO widgets VALUES (1, 1)').run().changes);
      o.insert_child_missing_parent = tryRun(() => db.prepare('INSERT INTO widgets VALUES (2, 99)').run().changes);
      o.delete_parent = tryRun(() => db.prepare('DELETE FROM embeddings WHERE id = 1').run().changes);
      o.foreign_key_check = tryRun(() => db.prepare('PRAGMA foreign_key_check').all());
      o.integrity_check = tryRun(() => db.pragma('integrity_check', { simple: true }));
      db.close();
      // is the file itself damaged? reopen with a fresh connection
      const db2 = open(f, { fk: false });
      o.after_reopen_integrity_check = tryRun(() => db2.pragma('integrity_check', { simple: true }));
      o.after_reopen_rows = tryRun(() => ({
        widgets: db2.prepare('SELECT count(*) AS n FROM widgets').get().n,
        embeddings: db2.prepare('SELECT count(*) AS n FROM embeddings').get().n,
      }));
      db2.close();
    }
    // the design's alternative: the FK points at an ordinary table whose id is the vec0 rowid
    {
      const db = open(path.join(dir, 'p2-alt.db'), { fk: true });
      const o = (r.design_alternative_fk_to_plain_table = {});
      o.run = tryRun(() => {
        db.exec(`CREATE TABLE chunks(id INTEGER PRIMARY KEY, file_id INTEGER NOT NULL);
          CREATE TABLE chunk_refs(chunk_id INTEGER NOT NULL REFERENCES chunks(id) ON DELETE CASCADE);
          CREATE VIRTUAL TABLE chunk_vec USING vec0(embedding float[4]);`);
        db.transaction(() => {
          db.prepare('INSERT INTO chunks(id, file_id) VALUES (7, 1)').run();
          db.prepare("INSERT INTO chunk_vec(rowid, embedding) VALUES (7, '[1,2,3,4]')").run();
          db.prepare('INSERT INTO chunk_refs VALUES (7)').run();
        })();
        db.transaction(() => {
          db.prepare('DELETE FROM chunk_vec WHERE rowid = 7').run();
          db.prepare('DELETE FROM chunks WHERE id = 7').run();
        })();
        return {
          chunk_refs_left: db.prepare('SELECT count(*) AS n FROM chunk_refs').get().n,
          vectors_left: db.prepare('SELECT count(*) AS n FROM chunk_vec').get().n,
          integrity: db.pragma('integrity_check', { simple: true }),
          foreign_key_check: db.prepare('PRAGMA foreign_key_check').all(),
        };
      });
      db.close();
    }
    log(`2. FOREIGN KEY -> vec0: ${JSON.stringify(r, null, 1)}`);
  }

  // 3. does deleting vectors free space?  Two patterns: a contiguous rowid range (whole chunks
  // empty out) and scattered rowids (every other vector, as re-indexing edited files does).
  {
    const N = 20000,
      d = 384;
    P.space_after_delete = {};
    for (const pattern of ['contiguous', 'scattered']) {
      const f = path.join(dir, `p3-${pattern}.db`);
      const db = open(f);
      db.pragma('journal_mode = DELETE');
      db.exec(`CREATE VIRTUAL TABLE v USING vec0(embedding float[${d}])`);
      const r = rng(11);
      const ins = db.prepare('INSERT INTO v(rowid, embedding) VALUES (?, ?)');
      const add = (from, to) =>
        db.transaction(() => {
          for (let i = from; i < to; i++) ins.run(BigInt(i), f32(randUnit(r, d)));
        })();
      const shadow = () =>
        Object.fromEntries(
          db
            .prepare("SELECT name FROM sqlite_master WHERE name IN ('v_chunks', 'v_rowids', 'v_vector_chunks00')")
            .all()
            .map(({ name }) => [name, db.prepare(`SELECT count(*) AS n FROM "${name}"`).get().n]),
        );
      const snap = (label) => ({
        step: label,
        file_mb: mb(fileSize(f)),
        page_count: db.pragma('page_count', { simple: true }),
        freelist: db.pragma('freelist_count', { simple: true }),
        vectors: db.prepare('SELECT count(*) AS n FROM v').get().n,
        shadow_rows: shadow(),
      });
      const steps = [];
      add(1, N + 1);
      steps.push(snap(`insert ${N} x float[${d}]`));
      if (pattern === 'contiguous') db.prepare('DELETE FROM v WHERE rowid <= ?').run(N / 2);
      else
        db.transaction(() => {
          const del = db.prepare('DELETE FROM v WHERE rowid = ?');
          for (let i = 2; i <= N; i += 2) del.run(BigInt(i));
        })();
      steps.push(snap(`delete ${N / 2} (${pattern})`));
      db.exec('VACUUM');
      steps.push(snap('VACUUM'));
      add(N + 1, N + N / 2 + 1);
      steps.push(snap(`insert ${N / 2} new rowids`));
      if (pattern === 'scattered') {
        // delete the scattered half again, then rebuild: copy live vectors into a fresh vec0 table
        db.transaction(() => {
          const del = db.prepare('DELETE FROM v WHERE rowid = ?');
          for (let i = 1; i <= N + N / 2; i += 2) del.run(BigInt(i));
        })();
        steps.push(snap('delete odd rowids'));
        // (ALTER TABLE ... RENAME breaks a vec0 table, see probe 5, so copy out and back in)
        db.transaction(() =>
          db.exec(`CREATE VIRTUAL TABLE v_tmp USING vec0(embedding float[${d}]);
          INSERT INTO v_tmp(rowid, embedding) SELECT rowid, embedding FROM v;
          DROP TABLE v; CREATE VIRTUAL TABLE v USING vec0(embedding float[${d}]);
          INSERT INTO v(rowid, embedding) SELECT rowid, embedding FROM v_tmp; DROP TABLE v_tmp;`),
        )();
        db.exec('VACUUM');
        steps.push(snap('rebuild (copy out and back) + VACUUM'));
      }
      db.prepare('DELETE FROM v').run();
      steps.push(snap('delete all'));
      db.exec('VACUUM');
      steps.push(snap('VACUUM'));
      db.close();
      P.space_after_delete[pattern] = steps;
      log(`3. space after delete, ${pattern}:`);
      for (const s of steps)
        log(
          `   ${s.step.padEnd(38)} ${String(s.file_mb).padStart(6)} MB  pages ${s.page_count} free ${s.freelist} vectors ${s.vectors} ${JSON.stringify(s.shadow_rows)}`,
        );
    }
  }

  // 4. k limit
  {
    const db = open(':memory:');
    db.exec("CREATE VIRTUAL TABLE v USING vec0(embedding float[4]); INSERT INTO v(rowid, embedding) VALUES (1, '[1,2,3,4]');");
    const r = (P.k_limit = {});
    r.k_4096 = tryRun(() => db.prepare("SELECT rowid FROM v WHERE embedding MATCH '[1,1,1,1]' AND k = 4096").all().length);
    r.k_4097 = tryRun(() => db.prepare("SELECT rowid FROM v WHERE embedding MATCH '[1,1,1,1]' AND k = 4097").all().length);
    r.limit_4097 = tryRun(() => db.prepare("SELECT rowid FROM v WHERE embedding MATCH '[1,1,1,1]' LIMIT 4097").all().length);
    db.close();
    log(`4. k limit: ${JSON.stringify(r)}`);
  }

  // 5. ALTER TABLE ... RENAME on a vec0 table
  {
    const db = open(':memory:');
    db.exec("CREATE VIRTUAL TABLE a USING vec0(embedding float[2]); INSERT INTO a(rowid, embedding) VALUES (5, '[1,2]');");
    const r = (P.rename_vec0 = {});
    r.alter_rename = tryRun(() => db.exec('ALTER TABLE a RENAME TO b') && 'ok');
    r.schema_after = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    r.select_after = tryRun(() => db.prepare('SELECT rowid FROM b').all());
    r.knn_after = tryRun(() => db.prepare("SELECT rowid FROM b WHERE embedding MATCH '[1,1]' AND k = 1").all());
    r.insert_after = tryRun(() => db.prepare("INSERT INTO b(rowid, embedding) VALUES (6, '[1,1]')").run().changes);
    r.drop_after = tryRun(() => db.exec('DROP TABLE b') && 'ok');
    r.rename_back = tryRun(() => db.exec('ALTER TABLE b RENAME TO a') && 'ok');
    r.select_after_rename_back = tryRun(() => db.prepare('SELECT rowid FROM a').pluck().all());
    db.close();
    log(`5. ALTER TABLE RENAME: ${JSON.stringify(r)}`);
  }

  // 6. not sqlite-vec, but the two-stage design's float store: float32 vectors as BLOBs in an
  // ordinary table pack badly into 4 KiB pages (two 1536-byte rows per page at 384 dims)
  {
    const r = (P.float_blob_bytes_per_vector = {});
    for (const d of [384, 256])
      for (const ps of [4096, 8192, 16384]) {
        const f = path.join(dir, `p6-${d}-${ps}.db`);
        const db = new Database(f);
        db.pragma(`page_size = ${ps}`);
        db.exec('CREATE TABLE fvec(id INTEGER PRIMARY KEY, v BLOB NOT NULL)');
        const ins = db.prepare('INSERT INTO fvec(id, v) VALUES (?, ?)');
        const b = Buffer.alloc(d * 4, 7);
        db.transaction(() => {
          for (let i = 1; i <= 20000; i++) ins.run(i, b);
        })();
        db.close();
        r[`${d}d_page${ps}`] = Math.round(fs.statSync(f).size / 20000);
      }
    log(`6. float32 BLOB table, bytes per vector (payload 1536 at 384d, 1024 at 256d): ${JSON.stringify(r)}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// Storage choices
function popcount32(x) {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
function storage({ n, q, d, variant, Ks }) {
  const key = `${n}x${d}-${variant}`;
  const out = ((results.storage ??= {})[key] = { n, dims: d, variant, queries: q, loadavg_start: os.loadavg().map((x) => +x.toFixed(2)) });
  log(`\n== ${n.toLocaleString('en-US')} x ${d} dims, data "${variant}", ${q} queries; load average ${out.loadavg_start.join(' ')}`);
  let t = performance.now();
  const { docs, queries } = makeData({ n, q, d, variant });
  out.generate_ms = Math.round(performance.now() - t);
  t = performance.now();
  const truth = queries.map((qv) => exactTopK(docs, qv, 10));
  out.js_exact_ms_per_query = +((performance.now() - t) / q).toFixed(1);
  out.data = dataStats(docs, queries, truth);
  log(`data: ${JSON.stringify(out.data)}; JS brute force ${out.js_exact_ms_per_query} ms/query`);

  const dir = tmp();
  const i8 = int8Quantizer(docs);
  const bitRaw = bitQuantizer(docs, false);
  const bitCtr = bitQuantizer(docs, true);
  const BATCH = 1000;
  function build(name, ddl, rowsFn) {
    const f = path.join(dir, `${name}.db`);
    const db = open(f);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(ddl);
    const stmts = rowsFn(db);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let s = 0; s < n; s += BATCH) {
      db.transaction(() => {
        for (let i = s; i < Math.min(n, s + BATCH); i++) for (const st of stmts) st(i);
      })();
    }
    const secs = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    db.pragma('wal_checkpoint(TRUNCATE)');
    return {
      db,
      insert_per_sec: Math.round(n / secs),
      insert_per_cpu_sec: Math.round(n / ((c.user + c.system) / 1e6)),
      file_mb: mb(fileSize(f)),
    };
  }
  // candidates: the function returns an unordered candidate set; report the share of the true
  // top-10 inside it (the ceiling for any rescoring of that set) instead of recall@10.
  const bench = (fn, { candidates = false } = {}) => {
    for (let i = 0; i < 5; i++) fn(queries[i]);
    const lat = [];
    let rec = 0;
    const c0 = process.cpuUsage();
    queries.forEach((qv, qi) => {
      const s = performance.now();
      const ids = fn(qv);
      lat.push(performance.now() - s);
      rec += candidates
        ? recallAt10(
            truth[qi].map((x) => x[0]).filter((id) => ids.includes(id)),
            truth[qi],
          )
        : recallAt10(ids, truth[qi]);
    });
    const c = process.cpuUsage(c0);
    return {
      p50_ms: pct(lat, 0.5),
      p99_ms: pct(lat, 0.99),
      cpu_ms: +((c.user + c.system) / 1000 / q).toFixed(2),
      [candidates ? 'top10_in_candidates' : 'recall_at_10']: +(rec / q).toFixed(3),
    };
  };
  const rows = (out.designs = []);
  const report = (design, B, m) => {
    const r = { design, insert_per_sec: B.insert_per_sec, insert_per_cpu_sec: B.insert_per_cpu_sec, file_mb: B.file_mb, ...m };
    rows.push(r);
    log(
      `${design.padEnd(58)} ins ${String(r.insert_per_sec).padStart(6)}/s (${String(r.insert_per_cpu_sec).padStart(6)}/cpu-s) ${String(r.file_mb).padStart(6)} MB | p50 ${String(r.p50_ms).padStart(6)} p99 ${String(r.p99_ms).padStart(6)} cpu ${String(r.cpu_ms).padStart(6)} ms | ${r.recall_at_10 !== undefined ? `R@10 ${r.recall_at_10}` : `top-10 in candidates ${r.top10_in_candidates}`}`,
    );
  };
  // Rescoring helpers: candidate ids -> exact cosine on the stored float32 vectors
  function jsRescorer(db) {
    const fetchVecs = db.prepare('SELECT id, v FROM fvec WHERE id IN (SELECT value FROM json_each(?))').raw();
    return (ids, qv) => {
      const scored = fetchVecs
        .all(JSON.stringify(ids))
        .map(([id, buf]) => [id, dot(new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)), qv)]);
      scored.sort((x, y) => y[1] - x[1]);
      return scored.slice(0, 10).map((x) => x[0]);
    };
  }

  // 1. float32 vec0, cosine: exact
  {
    const B = build('float', `CREATE VIRTUAL TABLE v USING vec0(embedding float[${d}] distance_metric=cosine)`, (db) => {
      const s = db.prepare('INSERT INTO v(rowid, embedding) VALUES (?, ?)');
      return [(i) => s.run(BigInt(i + 1), f32(docs[i]))];
    });
    const st = B.db.prepare('SELECT rowid FROM v WHERE embedding MATCH ? AND k = 10').pluck();
    report(
      'float32 vec0 (exact)',
      B,
      bench((qv) => st.all(f32(qv))),
    );
    B.db.close();
  }
  // 2. int8 vec0, cosine (scale calibrated on the corpus, clamped)
  {
    const B = build('int8', `CREATE VIRTUAL TABLE v USING vec0(embedding int8[${d}] distance_metric=cosine)`, (db) => {
      const s = db.prepare('INSERT INTO v(rowid, embedding) VALUES (?, vec_int8(?))');
      return [(i) => s.run(BigInt(i + 1), f32(i8.q(docs[i])))];
    });
    const st = B.db.prepare('SELECT rowid FROM v WHERE embedding MATCH vec_int8(?) AND k = 10').pluck();
    report(
      'int8 vec0',
      B,
      bench((qv) => st.all(f32(i8.q(qv)))),
    );
    B.db.close();
  }
  // 3. bit vec0 alone (hamming), raw sign bits and mean-centred sign bits
  for (const [bi, tag, bq] of [
    [0, 'sign bits', bitRaw],
    [1, 'centred sign bits', bitCtr],
  ]) {
    const B = build(`bitonly-${bi}`, `CREATE VIRTUAL TABLE vb USING vec0(embedding bit[${d}])`, (db) => {
      const sb = db.prepare('INSERT INTO vb(rowid, embedding) VALUES (?, vec_bit(?))');
      return [(i) => sb.run(BigInt(i + 1), Buffer.from(bq.q(docs[i])))];
    });
    const st = B.db.prepare('SELECT rowid FROM vb WHERE embedding MATCH vec_bit(?) AND k = 10').pluck();
    report(
      `bit vec0 (${tag}), k=10`,
      B,
      bench((qv) => st.all(Buffer.from(bq.q(qv)))),
    );
    B.db.close();
  }
  const bq = bitCtr;
  // 4. two-stage A: bit vec0 KNN k=K, then exact cosine on float32 blobs (ordinary table)
  {
    const B = build(
      'twostage-vec0',
      `CREATE VIRTUAL TABLE vb USING vec0(embedding bit[${d}]);
        CREATE TABLE fvec(id INTEGER PRIMARY KEY, v BLOB NOT NULL);`,
      (db) => {
        const sb = db.prepare('INSERT INTO vb(rowid, embedding) VALUES (?, vec_bit(?))');
        const sf = db.prepare('INSERT INTO fvec(id, v) VALUES (?, ?)');
        return [(i) => sb.run(BigInt(i + 1), Buffer.from(bq.q(docs[i]))), (i) => sf.run(i + 1, f32(docs[i]))];
      },
    );
    const db = B.db;
    const firstPass = db.prepare('SELECT rowid FROM vb WHERE embedding MATCH vec_bit(?) AND k = ?').pluck();
    const sqlRescore = db
      .prepare(
        `SELECT f.id FROM (SELECT rowid AS id FROM vb WHERE embedding MATCH vec_bit(?) AND k = ?) c
        CROSS JOIN fvec f ON f.id = c.id ORDER BY vec_distance_cosine(f.v, ?) LIMIT 10`,
      )
      .pluck();
    const rescore = jsRescorer(db);
    for (const K of Ks) {
      report(
        `vec0 bit k=${K} (first pass only)`,
        B,
        bench((qv) => firstPass.all(Buffer.from(bq.q(qv)), K), { candidates: true }),
      );
      report(
        `two-stage: vec0 bit k=${K} -> float32, SQL rescore`,
        B,
        bench((qv) => sqlRescore.all(Buffer.from(bq.q(qv)), K, f32(qv))),
      );
      report(
        `two-stage: vec0 bit k=${K} -> float32, JS rescore`,
        B,
        bench((qv) => rescore(firstPass.all(Buffer.from(bq.q(qv)), K), qv)),
      );
    }
    db.close();
  }
  // 5. two-stage B: bits in an ordinary table, first pass = full scan with vec_distance_hamming ... LIMIT K
  {
    const B = build(
      'twostage-scan',
      `CREATE TABLE bvec(id INTEGER PRIMARY KEY, b BLOB NOT NULL);
        CREATE TABLE fvec(id INTEGER PRIMARY KEY, v BLOB NOT NULL);`,
      (db) => {
        const sb = db.prepare('INSERT INTO bvec(id, b) VALUES (?, ?)');
        const sf = db.prepare('INSERT INTO fvec(id, v) VALUES (?, ?)');
        return [(i) => sb.run(i + 1, Buffer.from(bq.q(docs[i]))), (i) => sf.run(i + 1, f32(docs[i]))];
      },
    );
    const db = B.db;
    const st = db
      .prepare(
        `SELECT f.id FROM (SELECT id FROM bvec ORDER BY vec_distance_hamming(vec_bit(b), vec_bit(?)) LIMIT ?) c
        CROSS JOIN fvec f ON f.id = c.id ORDER BY vec_distance_cosine(f.v, ?) LIMIT 10`,
      )
      .pluck();
    for (const K of Ks)
      report(
        `two-stage: SQL hamming scan LIMIT ${K} -> float32, SQL rescore`,
        B,
        bench((qv) => st.all(Buffer.from(bq.q(qv)), K, f32(qv))),
      );
    // 6. two-stage C: bits held in memory (n * d/8 bytes), hamming + selection in JS, rescore from fvec
    const words = d / 32;
    const t0 = performance.now();
    const mem = new Uint32Array(n * words);
    let i = 0;
    for (const [id, b] of db.prepare('SELECT id, b FROM bvec ORDER BY id').raw().iterate()) {
      mem.set(new Uint32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)), (id - 1) * words);
      i++;
    }
    const loadMs = Math.round(performance.now() - t0);
    const dist = new Uint16Array(n);
    const rescore = jsRescorer(db);
    const jsFirst = (qv, K) => {
      const qb = new Uint32Array(bq.q(qv).buffer);
      const hist = new Uint32Array(d + 1);
      for (let r = 0, o = 0; r < n; r++, o += words) {
        let h = 0;
        for (let w = 0; w < words; w++) h += popcount32(mem[o + w] ^ qb[w]);
        dist[r] = h;
        hist[h]++;
      }
      let cut = 0,
        acc = 0;
      while (acc + hist[cut] < K) acc += hist[cut++];
      const ids = [];
      let atCut = K - acc;
      for (let r = 0; r < n; r++) {
        const h = dist[r];
        if (h < cut) ids.push(r + 1);
        else if (h === cut && atCut > 0) {
          ids.push(r + 1);
          atCut--;
        }
      }
      return ids;
    };
    out.js_bits_in_memory = { bytes: mem.byteLength, load_ms: loadMs };
    for (const K of Ks) {
      report(
        `JS hamming over in-memory bits, top ${K} (first pass only)`,
        B,
        bench((qv) => jsFirst(qv, K), { candidates: true }),
      );
      report(
        `two-stage: JS hamming top ${K} -> float32, JS rescore`,
        B,
        bench((qv) => rescore(jsFirst(qv, K), qv)),
      );
    }
    db.close();
  }
  out.loadavg_end = os.loadavg().map((x) => +x.toFixed(2));
  fs.rmSync(dir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
const runPitfalls = !has('--storage');
const runStorage = !has('--pitfalls');
log(`# vec-storage on node ${process.version}, ${os.cpus().length} cpu(s); load average ${results.env.loadavg_start.join(' ')}`);
if (runPitfalls) {
  log('\n## sqlite-vec pitfalls');
  pitfalls();
}
if (runStorage) {
  const n = Number(arg('--n', '100000'));
  const q = Number(arg('--queries', '200'));
  const Ks = arg('--ks', '100,200,500').split(',').map(Number);
  // --configs 384:aniso,384:iso,256:aniso  (or --dims 384,256 --variants aniso,iso for the cross product)
  const configs = arg('--configs')
    ? arg('--configs')
        .split(',')
        .map((c) => c.split(':'))
    : arg('--dims') || arg('--variants')
      ? arg('--dims', '384')
          .split(',')
          .flatMap((d) =>
            arg('--variants', 'aniso')
              .split(',')
              .map((v) => [d, v]),
          )
      : [
          ['384', 'aniso'],
          ['384', 'iso'],
          ['256', 'aniso'],
        ];
  log('\n## storage choices');
  for (const [d, variant] of configs) storage({ n, q, d: Number(d), variant, Ks });
}
results.env.loadavg_end = os.loadavg().map((x) => +x.toFixed(2));
log(`\n# load average at end ${results.env.loadavg_end.join(' ')}`);
const jsonOut = arg('--json');
if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(results, null, 2));
