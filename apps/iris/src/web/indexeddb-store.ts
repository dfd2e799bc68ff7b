import type { CheckpointStore, StoredCheckpoint } from '../experiment/events.js';

const DATABASE = 'anneal-iris';
const STORE = 'checkpoints';
const KEY = 'best';

function request<T>(operation: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    operation.onsuccess = () => resolve(operation.result);
    operation.onerror = () => reject(operation.error ?? new Error('IndexedDB request failed'));
  });
}

async function open(): Promise<IDBDatabase> {
  const opening = indexedDB.open(DATABASE, 1);
  opening.onupgradeneeded = () => {
    opening.result.createObjectStore(STORE);
  };
  return request(opening);
}

/**
 * The best checkpoint in IndexedDB (one record, replaced at every save), so that it outlives the page: a tfjs model's
 * topology and weights as `model.save` hands them over, or an onnxruntime-web trainer checkpoint.
 */
export function indexedDbCheckpointStore(): CheckpointStore {
  return {
    async save(checkpoint) {
      const database = await open();
      try {
        await request(database.transaction(STORE, 'readwrite').objectStore(STORE).put(checkpoint, KEY));
      } finally {
        database.close();
      }
    },
    async load() {
      const database = await open();
      try {
        const found = (await request(database.transaction(STORE, 'readonly').objectStore(STORE).get(KEY))) as StoredCheckpoint | undefined;
        return found ?? null;
      } finally {
        database.close();
      }
    },
  };
}
