// The one message protocol between the page and the core worker.
//
// page → worker
//   { id, type: 'call', method, args }     method: a name of the wrapCore API
//   { id, type: 'run',  job,    args }     job: a module in web/compute/jobs/
// worker → page
//   { type: 'ready', info }                 the module is instantiated
//   { type: 'fatal', message }              it could not be (every call fails)
//   { id, type: 'result', value }           Float32Arrays in value are transferred
//   { id, type: 'error', message }          the core's message, as an Error
//   { id, type: 'progress', value }         from a running job
// Cancelling a job terminates the worker; the client starts a fresh one.

/** Names of the wrapped core that may be called: every key but the raw module. */
export function callable(core, method) {
  return typeof method === 'string' && method !== 'module' && !method.startsWith('_') && Object.hasOwn(core, method);
}

/** The ArrayBuffers of every typed array inside value (for transfer). */
export function transferables(value, out = new Set(), depth = 0) {
  if (!value || typeof value !== 'object' || depth > 8) return out;
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer && value.byteOffset === 0 && value.byteLength === value.buffer.byteLength) out.add(value.buffer);
    return out;
  }
  for (const v of Array.isArray(value) ? value : Object.values(value)) transferables(v, out, depth + 1);
  return out;
}

export function cancelledError() {
  const err = new Error('cancelled');
  err.name = 'AbortError';
  return err;
}
