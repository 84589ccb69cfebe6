// onnxruntime-web (wasm execution provider, 1 thread) on the attention shapes:
//   'onnxruntime-web graph'               MatMul(Q, Kᵀ) → Mul(1/√dk) → Softmax → MatMul(·V),
//                                         heads by Reshape/Transpose (bench/lib/onnx-graph.mjs)
//   'onnxruntime-web MultiHeadAttention'  the fused com.microsoft.MultiHeadAttention op
// Graphs are built in code; the runtime's .wasm loads from the repository's
// node_modules/ (node: a local path; browser: /node_modules/ on the same server).
import { attentionGraph, multiHeadAttentionGraph } from '../lib/onnx-graph.mjs';
import { nodeModules, peerShapes, runPeer, failedToLoad, errorText, oursCall } from '../lib/peers.mjs';
import { inputs } from '../lib/shapes.mjs';

export const ORT_IMPLS = ['onnxruntime-web graph', 'onnxruntime-web MultiHeadAttention'];
const NOTE = 'wasm EP, 1 thread';

async function loadOrt(runtime) {
  const ort = runtime === 'node'
    ? await import('onnxruntime-web')
    : await import(/* @vite-ignore */ `${nodeModules(runtime)}onnxruntime-web/dist/ort.wasm.min.mjs`);
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  ort.env.wasm.wasmPaths = `${nodeModules(runtime)}onnxruntime-web/dist/`;
  ort.env.logLevel = 'error';
  return ort;
}

export async function onnxruntimeSuite({ cores, runtime, quick = false, log = () => {}, peak, reference, shapes = peerShapes() }) {
  let ort;
  try {
    ort = await loadOrt(runtime);
    log(`${runtime}: onnxruntime-web ${ort.env.versions?.web ?? ''}`);
  } catch (e) {
    return failedToLoad({ impls: ORT_IMPLS, runtime, error: errorText(e), note: NOTE });
  }
  const records = [];
  for (const s of shapes) {
    const graphs = [
      [ORT_IMPLS[0], () => attentionGraph(s), [s.n, s.d]],
      [ORT_IMPLS[1], () => multiHeadAttentionGraph(s), [1, s.n, s.d]],
    ];
    for (const [impl, graph, dims] of graphs) {
      records.push(await runPeer({
        impl, shape: s, runtime, quick, peak, note: NOTE, log,
        ref: quick && s.n >= 4096 ? null : reference(s), ours: oursCall(cores.relaxed ?? cores.simd, s),
        setup: async () => {
          const session = await ort.InferenceSession.create(graph(), {
            executionProviders: ['wasm'], graphOptimizationLevel: 'all', intraOpNumThreads: 1, interOpNumThreads: 1,
          });
          const { Q, K, V } = inputs(cores.simd, s);
          return {
            // new ort.Tensor wraps the Float32Array; run() copies it into the runtime's heap
            fn: async () => {
              const feeds = { Q: new ort.Tensor('float32', Q.data, dims), K: new ort.Tensor('float32', K.data, dims), V: new ort.Tensor('float32', V.data, dims) };
              const { out } = await session.run(feeds);
              return out.data;
            },
            cleanup: () => session.release(),
          };
        },
      }));
    }
  }
  return records;
}
