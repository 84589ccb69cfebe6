// A helper worker for the train-browser suite's two-worker case: the trainer
// module of the build it is told, answering the coordinator (the benchmark
// page) on the MessagePort it is given (wasm/bindings/trainer-parallel.mjs).
//   worker.postMessage({ port, variant: 'relaxed' | 'simd' }, [port])
import createRelaxed from '../../build/wasm-relaxed/lml_trainer.mjs';
import createSimd from '../../build/wasm-simd/lml_trainer.mjs';
import { wrapTrainer } from '../../wasm/bindings/trainer.mjs';
import { serveHelper } from '../../wasm/bindings/trainer-parallel.mjs';

self.onmessage = ({ data }) => {
  const create = data.variant === 'relaxed' ? createRelaxed : createSimd;
  serveHelper(data.port, create().then(wrapTrainer));
};
