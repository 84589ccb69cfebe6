// A tiny key–value store on IndexedDB (one database, one object store), for
// data too large for localStorage (the training lab's checkpoints: ~1.8 MB).
//   await idbPut(key, value)   await idbGet(key) → value | undefined   await idbDelete(key)
// Every call rejects with an Error whose message says what failed; a full
// quota is named ('QuotaExceededError': the browser's storage for this site is full).
const DB = 'long-memory-lab';
const STORE = 'kv';
let opening = null;

function open() {
  opening ??= new Promise((resolve, reject) => {
    if (!globalThis.indexedDB) return reject(new Error('this browser offers no IndexedDB storage'));
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => {
      const db = req.result;
      // another context deleting or upgrading the database must not wait on this open connection
      db.onversionchange = () => {
        db.close();
        opening = null;
      };
      resolve(db);
    };
    req.onerror = () => reject(new Error(`IndexedDB could not be opened: ${req.error?.message ?? 'unknown error'}`));
  });
  opening.catch(() => { opening = null; });
  return opening;
}

function request(mode, fn) {
  return open().then((db) => new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const req = fn(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(req.result);
    const fail = () => {
      const err = tx.error ?? req.error;
      const full = err?.name === 'QuotaExceededError';
      const e = new Error(full ? 'the browser\'s storage for this site is full' : `IndexedDB: ${err?.message ?? 'the transaction failed'}`);
      e.name = full ? 'QuotaExceededError' : 'Error';
      reject(e);
    };
    tx.onerror = fail;
    tx.onabort = fail;
  }));
}

export const idbPut = (key, value) => request('readwrite', (s) => s.put(value, key));
export const idbGet = (key) => request('readonly', (s) => s.get(key));
export const idbDelete = (key) => request('readwrite', (s) => s.delete(key));
