// TensorFlow.js (tfjs-core + tfjs-backend-wasm, SIMD binary, no threads) on the
// attention shapes, in two formulations (dk = d / heads, s = 1/√dk):
//   'tfjs-wasm idiomatic'  matMul(q, k, false, true) → mul(s) → softmax → matMul(·, v);
//                          heads as a batch: reshape [n, h, dk] → transpose [h, n, dk]
//   'tfjs-wasm best'       the fastest we found: q·s first ([n, d] instead of [n, n] work),
//                          Kᵀ by an explicit transpose, one 2-D matMul per head (column
//                          slices), softmax, concat. Its transposeB matMul and batched
//                          3-D matMul are several times slower than 2-D matMul on a transpose.
// The .wasm loads from the repository's node_modules/ (node: a local path; browser:
// /node_modules/ on the same server; the browser takes the packages' UMD builds).
import { nodeModules, peerShapes, runPeer, failedToLoad, errorText, oursCall } from '../lib/peers.mjs';
import { inputs } from '../lib/shapes.mjs';

export const TFJS_IMPLS = ['tfjs-wasm idiomatic', 'tfjs-wasm best'];
const NOTES = {
  'tfjs-wasm idiomatic': '1 thread; matMul(q, k, false, true)',
  'tfjs-wasm best': '1 thread; q·s, transpose(k), 2-D matMul per head',
};

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const el = document.createElement('script');
    el.src = src;
    el.onload = resolve;
    el.onerror = () => reject(new Error(`cannot load ${src}`));
    document.head.appendChild(el);
  });
}

let loaded;  // one load per page or process (the suite runs twice: shapes, then the long one)
const loadTf = (runtime) => (loaded ??= loadTfOnce(runtime));

async function loadTfOnce(runtime) {
  const dist = `${nodeModules(runtime)}@tensorflow/tfjs-backend-wasm/dist/`;
  let tf, wasm;
  if (runtime === 'node') {
    tf = await import('@tensorflow/tfjs-core');
    wasm = await import('@tensorflow/tfjs-backend-wasm');
  } else {
    await loadScript(`${nodeModules(runtime)}@tensorflow/tfjs-core/dist/tf-core.min.js`);
    await loadScript(`${dist}tf-backend-wasm.min.js`);
    tf = globalThis.tf;
    wasm = tf.wasm;
  }
  wasm.setWasmPaths(dist);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);  // the single-threaded SIMD binary
  tf.env().set('WASM_HAS_SIMD_SUPPORT', true);
  if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") failed');
  await tf.ready();
  return tf;
}

/** out [n, d] from q, k, v [n, d] tf tensors: the two formulations. */
const formulations = (tf) => ({
  'tfjs-wasm idiomatic': ({ n, d, heads: h }, q, k, v) => {
    const s = 1 / Math.sqrt(d / h);
    if (h === 1) return tf.matMul(tf.softmax(tf.mul(tf.matMul(q, k, false, true), s)), v);
    const split = (x) => tf.transpose(tf.reshape(x, [n, h, d / h]), [1, 0, 2]);   // [h, n, dk]
    const o = tf.matMul(tf.softmax(tf.mul(tf.matMul(split(q), split(k), false, true), s)), split(v));
    return tf.reshape(tf.transpose(o, [1, 0, 2]), [n, d]);
  },
  'tfjs-wasm best': ({ n, d, heads: h }, q, k, v) => {
    const dk = d / h;
    const qs = tf.mul(q, 1 / Math.sqrt(dk));
    const kt = tf.transpose(k);                                                      // [d, n]
    if (h === 1) return tf.matMul(tf.softmax(tf.matMul(qs, kt)), v);
    const outs = [];
    for (let i = 0; i < h; i++) {
      const w = tf.softmax(tf.matMul(tf.slice(qs, [0, i * dk], [n, dk]), tf.slice(kt, [i * dk, 0], [dk, n])));
      outs.push(tf.matMul(w, tf.slice(v, [0, i * dk], [n, dk])));
    }
    return tf.concat(outs, 1);
  },
});

export async function tfjsSuite({ cores, runtime, quick = false, log = () => {}, peak, reference, shapes = peerShapes() }) {
  let tf;
  try {
    tf = await loadTf(runtime);
    log(`${runtime}: tfjs ${tf.version_core} backend ${tf.getBackend()}`);
  } catch (e) {
    return failedToLoad({ impls: TFJS_IMPLS, runtime, error: errorText(e), note: '1 thread' });
  }
  const forms = formulations(tf);
  const records = [];
  for (const s of shapes) {
    for (const impl of TFJS_IMPLS) {
      records.push(await runPeer({
        impl, shape: s, runtime, quick, peak, note: NOTES[impl], log,
        ref: quick && s.n >= 4096 ? null : reference(s), ours: oursCall(cores.relaxed ?? cores.simd, s),
        setup: async () => {
          const { Q, K, V } = inputs(cores.simd, s);
          return {
            // tensors made from the Float32Arrays inside the timed call (copy in), dataSync copies out
            fn: async () => {
              const out = tf.tidy(() => forms[impl](s, tf.tensor2d(Q.data, [s.n, s.d]), tf.tensor2d(K.data, [s.n, s.d]), tf.tensor2d(V.data, [s.n, s.d])));
              try { return out.dataSync(); } finally { out.dispose(); }
            },
          };
        },
      }));
    }
  }
  return records;
}
