// A helper worker thread for the train-browser suite's two-worker case in node:
// the trainer module of workerData.variant answering the coordinator on
// workerData.port (wasm/bindings/trainer-parallel.mjs).
import { workerData } from 'node:worker_threads';
import { loadTrainerNode } from '../../wasm/bindings/core-node.mjs';
import { serveHelper } from '../../wasm/bindings/trainer-parallel.mjs';

serveHelper(workerData.port, loadTrainerNode(workerData.variant));
