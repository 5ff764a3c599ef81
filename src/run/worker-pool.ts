/**
 * Worker threads for `--jobs N`. Each worker loads the rules from the same source and
 * audits the files it is handed; a file goes to the worker with the fewest files pending.
 */
import { Worker } from 'node:worker_threads';
import type { ReadOptions } from '../ingest/read.js';
import type { InputOutcome } from './audit-file.js';
import type { RuleSource } from './rule-source.js';

/** What every worker starts with. */
export interface WorkerInit {
  rules: RuleSource;
  read: ReadOptions;
}

/** A file for a worker to audit. */
export interface WorkerTask {
  id: number;
  file: string;
}

/** A worker's answer: the file's outcome, or the stack of an unexpected error. */
export type WorkerReply = { id: number; outcome: InputOutcome } | { id: number; error: string };

/** Workers that audit files. */
export interface WorkerPool {
  audit: (file: string) => Promise<InputOutcome>;
  close: () => Promise<void>;
}

interface Pending {
  resolve: (outcome: InputOutcome) => void;
  reject: (error: Error) => void;
}

interface PoolWorker {
  worker: Worker;
  pending: Map<number, Pending>;
}

/** Starts `size` workers. */
export function startWorkerPool(size: number, init: WorkerInit): WorkerPool {
  const workers: PoolWorker[] = Array.from({ length: size }, () => startWorker(init));
  let nextId = 0;
  return {
    audit: (file) => {
      const target = workers.reduce((best, candidate) => (candidate.pending.size < best.pending.size ? candidate : best));
      const id = nextId++;
      return new Promise<InputOutcome>((resolve, reject) => {
        target.pending.set(id, { resolve, reject });
        target.worker.postMessage({ id, file } satisfies WorkerTask);
      });
    },
    close: async () => {
      await Promise.all(workers.map((entry) => entry.worker.terminate()));
    },
  };
}

function startWorker(init: WorkerInit): PoolWorker {
  const worker = new Worker(workerScript(), { workerData: init });
  const entry: PoolWorker = { worker, pending: new Map() };
  const failAll = (error: Error): void => {
    for (const pending of entry.pending.values()) pending.reject(error);
    entry.pending.clear();
  };
  worker.on('message', (reply: WorkerReply) => {
    const pending = entry.pending.get(reply.id);
    entry.pending.delete(reply.id);
    if ('error' in reply) pending?.reject(new Error(reply.error));
    else pending?.resolve(reply.outcome);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`a worker thread stopped (exit code ${code})`)));
  return entry;
}

// Workers run compiled JavaScript: from the TypeScript sources (tests), the built copy in dist/.
function workerScript(): URL {
  return import.meta.url.endsWith('.ts') ? new URL('../../dist/run/audit-worker.js', import.meta.url) : new URL('./audit-worker.js', import.meta.url);
}
