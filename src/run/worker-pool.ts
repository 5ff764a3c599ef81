/**
 * The threads of `--jobs N`: this thread and N-1 workers take files from one queue, each
 * when it has room, so the work spreads by how long files actually take, not by their
 * count. A worker compiles the rules from the main thread's snapshot and warms its
 * matchers before it says it is ready; until then this thread audits alone, so a slow
 * start never holds up the files behind it.
 */
import { setImmediate as turnEventLoop } from 'node:timers/promises';
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

/** A worker's message: ready for files, a file's outcome, or the stack of an unexpected error. */
export type WorkerReply = { ready: true } | { id: number; outcome: InputOutcome } | { id: number; error: string };

/** The threads auditing files. */
export interface WorkerPool {
  audit: (file: string) => Promise<InputOutcome>;
  close: () => Promise<void>;
}

interface QueuedFile {
  file: string;
  resolve: (outcome: InputOutcome) => void;
  reject: (error: Error) => void;
}

interface PoolWorker {
  worker: Worker;
  ready: boolean;
  pending: Map<number, QueuedFile>;
}

/**
 * Files a ready worker holds at once. Its next file is handed over only when this thread's
 * event loop turns, which waits while this thread audits a file of its own: a worker
 * holding only a couple sits idle whenever that file takes longer than they do.
 */
const WORKER_PREFETCH = 8;

/**
 * A worker's young generation, in MB (8 MB semi-spaces; V8 lets them grow to 16 MB under a
 * steady stream of allocation, which a long run is). The main thread's is fixed when Node
 * starts, but a worker's is ours to set: at 100× the corpus this took 18-25 MB off the peak
 * for no measurable time.
 */
const WORKER_YOUNG_GENERATION_MB = 24;

/** Starts `workers` worker threads beside this one, which audits with `auditHere`. */
export function startWorkerPool(workers: number, init: WorkerInit, auditHere: (file: string) => Promise<InputOutcome>): WorkerPool {
  const queue: QueuedFile[] = [];
  let nextId = 0;
  let hereBusy = false;
  const dispatch = (): void => {
    for (const entry of pool) {
      while (entry.ready && entry.pending.size < WORKER_PREFETCH && queue.length > 0) {
        const next = queue.shift() as QueuedFile;
        const id = nextId++;
        entry.pending.set(id, next);
        entry.worker.postMessage({ id, file: next.file } satisfies WorkerTask);
      }
    }
    if (!hereBusy && queue.length > 0) void auditInThisThread();
  };
  // This thread takes files until the queue is empty; its event loop turns between them, so
  // that workers' results are taken and their next files handed over at once.
  const auditInThisThread = async (): Promise<void> => {
    hereBusy = true;
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      try {
        next.resolve(await auditHere(next.file));
      } catch (error) {
        next.reject(error as Error);
      }
      await turnEventLoop();
    }
    hereBusy = false;
  };
  const pool: PoolWorker[] = Array.from({ length: workers }, () => startWorker(init, dispatch));
  return {
    audit: (file) =>
      new Promise<InputOutcome>((resolve, reject) => {
        queue.push({ file, resolve, reject });
        dispatch();
      }),
    close: async () => {
      await Promise.all(pool.map((entry) => entry.worker.terminate()));
    },
  };
}

function startWorker(init: WorkerInit, dispatch: () => void): PoolWorker {
  const worker = new Worker(workerScript(), { workerData: init, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
  const entry: PoolWorker = { worker, ready: false, pending: new Map() };
  const failAll = (error: Error): void => {
    for (const pending of entry.pending.values()) pending.reject(error);
    entry.pending.clear();
  };
  worker.on('message', (reply: WorkerReply) => {
    if ('ready' in reply) {
      entry.ready = true;
    } else {
      const pending = entry.pending.get(reply.id);
      entry.pending.delete(reply.id);
      if ('error' in reply) pending?.reject(new Error(reply.error));
      else pending?.resolve(reply.outcome);
    }
    dispatch();
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => {
    entry.ready = false;
    failAll(new Error(`a worker thread stopped (exit code ${code})`));
  });
  return entry;
}

// Workers run compiled JavaScript: from the TypeScript sources (tests), the built copy in dist/.
function workerScript(): URL {
  return import.meta.url.endsWith('.ts') ? new URL('../../dist/run/audit-worker.js', import.meta.url) : new URL('./audit-worker.js', import.meta.url);
}
