// Shared by the peer suites (bench/suites/peers-*.mjs): which shapes the peers
// run, our reference output for a shape, one record per (peer, shape), and the
// ratios added to our record. Runs unchanged in node and in the browser page.
//
// Every peer takes the same inputs as ours (attention.mjs `inputs()` seeds) as
// Float32Arrays and returns a Float32Array; its timed call includes copying the
// inputs in and the output out, as ours does.
import { measure, maxAbsErr, median, now } from './timing.mjs';
import { SHAPES, LONG_SHAPE, shapeName, attentionFlops, inputs } from './shapes.mjs';

export const PEER_ERR_LIMIT = 1e-3;  // max |peer − ours| before the record is a mismatch
export const QUICK_SKIP_N = 4096;    // --quick skips peer shapes with n >= this

/** Base URL (browser) or directory (node) of the repository's node_modules/. */
export function nodeModules(runtime) {
  if (runtime === 'node') return decodeURIComponent(new URL('../../node_modules/', import.meta.url).pathname);
  return '/node_modules/';
}

/** The peers' shapes: every attention shape and the long one, in that order. */
export const peerShapes = () => [...SHAPES, LONG_SHAPE];

/** Our output for a shape (SIMD core: tiled, or per head), memoised per shape. */
export function oursReference(core) {
  const cache = new Map();
  return (s) => {
    const key = shapeName(s);
    if (!cache.has(key)) {
      const { Q, K, V } = inputs(core, s);
      cache.set(key, (s.heads > 1 ? core.attentionHeads(Q, K, V, s.heads) : core.attentionTiled(Q, K, V)).data);
    }
    return cache.get(key);
  };
}

/** Our attention on a shape's inputs (as ours-<build>-tiled in attention.mjs; the peers get the relaxed build where there is one). */
export function oursCall(core, s) {
  const { Q, K, V } = inputs(core, s);
  return s.heads > 1 ? () => core.attentionHeads(Q, K, V, s.heads) : () => core.attentionTiled(Q, K, V);
}

/**
 * Like measure() (timing.mjs) for several functions at once: each warmed up and calibrated,
 * then run r of every function in turn, r = 1..runs; the median per function.
 */
export async function measureInterleaved(fns, { warmupMs = 500, runs = 7, minRunMs = 25 } = {}) {
  const inner = [];
  for (const fn of fns) {
    const t0 = now();
    let reps = 0;
    do { await fn(); reps++; } while (now() - t0 < warmupMs);
    inner.push(Math.max(1, Math.ceil(minRunMs / Math.max((now() - t0) / reps, 1e-3))));
  }
  const times = fns.map(() => []);
  for (let r = 0; r < runs; r++) {
    for (let i = 0; i < fns.length; i++) {
      const s = now();
      for (let k = 0; k < inner[i]; k++) await fns[i]();
      times[i].push((now() - s) / inner[i]);
    }
  }
  return times.map((t, i) => ({ ms_median: median(t), runs, inner: inner[i] }));
}

/** One line of a peer's error: build-machine paths cut to file:line, C++ template noise dropped. */
export const errorText = (e) => (e && e.message ? e.message : String(e)).split('\n')[0]
  .replace(/\/(?:[\w.-]+\/)+([\w.-]+:\d+)/g, '$1')
  .replace(/static void SafeIntExceptionHandler<[^>]*>::/, '')
  .slice(0, 200);

/**
 * Runs one peer implementation on one shape and returns its record.
 * setup() → { fn: async () => Float32Array, cleanup?: () => void | Promise } prepares the peer
 * (session, kernels) outside the timing; fn is checked against `ref`, then timed.
 * `ours` (our SIMD attention on the same inputs) is timed in alternation with fn: the
 * record's ours_ms is the ratio's denominator. Any throw (setup, first call, timing)
 * gives a record with status 'failed'.
 */
export async function runPeer({ impl, shape, runtime, quick, peak, ref, ours, note, setup, log = () => {} }) {
  const rec = { suite: 'attention', impl, shape: shapeName(shape), runtime, ms_median: null, note };
  if (quick && shape.n >= QUICK_SKIP_N) {
    rec.status = 'skipped';
    rec.note = `${note}; skipped in --quick (n >= ${QUICK_SKIP_N} runs in the full benchmark)`;
    return rec;
  }
  let prepared;
  try {
    prepared = await setup();
    const out = await prepared.fn();
    rec.max_abs_err = maxAbsErr(out, ref);
    if (!(rec.max_abs_err <= PEER_ERR_LIMIT)) {
      rec.status = 'mismatch';
      rec.error = `max |${impl} − ours| = ${rec.max_abs_err} > ${PEER_ERR_LIMIT}`;
    }
    // timed in alternation with ours on the same inputs: the ratio holds even when the
    // machine's load drifts between suites
    const [m, o] = quick
      ? [await measure(prepared.fn, { quick }), await measure(ours, { quick })]
      : await measureInterleaved([prepared.fn, ours]);
    Object.assign(rec, { ms_median: m.ms_median, runs: m.runs, gflops: attentionFlops(shape) / (m.ms_median * 1e6), ours_ms: o.ms_median });
    rec.note = `${note}; ours alongside ${o.ms_median.toFixed(3)} ms`;
    if (peak) rec.frac_peak = rec.gflops / peak;
    rec.status ??= 'ok';
    log(`${runtime} ${rec.shape} ${impl}: ${rec.ms_median.toFixed(3)} ms, ${rec.gflops.toFixed(1)} GFLOP/s, max_abs_err ${rec.max_abs_err.toExponential(1)}`);
  } catch (e) {
    Object.assign(rec, { status: 'failed', error: errorText(e), ms_median: null });
    delete rec.gflops;
    log(`${runtime} ${rec.shape} ${impl}: FAILED ${rec.error}`);
  } finally {
    try { await prepared?.cleanup?.(); } catch { /* the record already says what failed */ }
  }
  return rec;
}

/** Records for every shape when a peer cannot even load in this runtime. */
export function failedToLoad({ impls, runtime, error, note }) {
  return peerShapes().flatMap((s) => impls.map((impl) => ({
    suite: 'attention', impl, shape: shapeName(s), runtime, ms_median: null, status: 'failed', error: `cannot load: ${error}`, note,
  })));
}

/** Time ratio peer / ours of a peer record: vs ours timed alongside it, else vs the ours record. */
export const peerRatio = (peer, ours) => peer.ms_median / (peer.ours_ms ?? ours.ms_median);

/**
 * Our record the peers are compared with, per runtime and shape: the build a
 * browser would pick (ours-relaxed-tiled where it ran, else ours-simd-tiled).
 */
export function oursRecords(records) {
  const tiled = records.filter((r) => r.suite === 'attention' && (r.impl === 'ours-relaxed-tiled' || r.impl === 'ours-simd-tiled') && r.ms_median);
  return tiled.filter((r) => r.impl === 'ours-relaxed-tiled'
    || !tiled.some((o) => o.impl === 'ours-relaxed-tiled' && o.runtime === r.runtime && o.shape === r.shape));
}

/**
 * Adds to our record (oursRecords) for each peer, the time ratio vs that peer's
 * fastest implementation on the same runtime and shape (same run):
 * ratio_vs[peer impl] = peer ms / our ms, our ms timed in alternation with the peer.
 * `peers` = { name: [impl, …] }.
 */
export function addPeerRatios(records, peers) {
  for (const ours of oursRecords(records)) {
    for (const impls of Object.values(peers)) {
      const ran = records.filter((p) => p.suite === 'attention' && p.runtime === ours.runtime && p.shape === ours.shape
        && impls.includes(p.impl) && p.status === 'ok' && p.ms_median);
      if (!ran.length) continue;
      const best = ran.reduce((a, b) => (peerRatio(b, ours) < peerRatio(a, ours) ? b : a));
      ours.ratio_vs ??= {};
      ours.ratio_vs[best.impl] = peerRatio(best, ours);
    }
  }
  return records;
}
