/**
 * The threads of `--jobs N`: this thread and N-1 workers take files from one queue, each
 * when it has room, so the work spreads by how long files actually take, not by their
 * count. Workers can be started before the rules are loaded (they load their code
 * meanwhile) and are handed the main thread's snapshot when it is ready; each compiles the
 * rules and warms its matchers before it says it is ready, and until then this thread
 * audits alone, so a slow start never holds up the files behind it.
 */
import { setImmediate as turnEventLoop } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { ReadOptions } from '../ingest/read.js';
import type { InputOutcome } from './audit-file.js';
import type { RuleSource } from './rule-source.js';

/** What every worker starts with, before the rules. */
export interface WorkerInit {
  read: ReadOptions;
}

/** A file for a worker to audit. */
export interface WorkerTask {
  id: number;
  file: string;
}

/** What a worker is sent: the rules first (once), then files. */
export type WorkerMessage = { rules: RuleSource } | WorkerTask;

/** A worker's message: ready for files, a file's outcome, or the stack of an unexpected error. */
export type WorkerReply = { ready: true } | { id: number; outcome: InputOutcome } | { id: number; error: string };

/** The threads auditing files. */
export interface WorkerPool {
  audit: (file: string) => Promise<InputOutcome>;
  /** Says no more files will come: each worker stops as soon as it has none left, and the last ones are shared out evenly. */
  finish: () => void;
  close: () => Promise<void>;
}

/** Worker threads loading their code, not yet handed the rules. */
export interface StartingWorkers {
  /**
   * Hands `count` workers the rules (starting more when fewer were started) and pools them
   * with this thread, which audits with `auditHere`; any others stop. Called once.
   */
  pool: (count: number, rules: RuleSource, auditHere: (file: string) => Promise<InputOutcome>) => WorkerPool;
  /** Stops every worker (the pooled ones too); safe to call again. */
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
  stopped: boolean;
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

/** Starts `count` worker threads, which load their code until {@link StartingWorkers.pool} hands them the rules. */
export function startWorkers(count: number, read: ReadOptions): StartingWorkers {
  const start = (): Worker => new Worker(workerScript(), { workerData: { read } satisfies WorkerInit, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
  const workers = Array.from({ length: count }, start);
  const close = async (): Promise<void> => {
    await Promise.all(workers.map((worker) => worker.terminate()));
  };
  return {
    pool: (kept, rules, auditHere) => {
      for (const worker of workers.slice(kept)) void worker.terminate();
      while (workers.length < kept) workers.push(start());
      return poolWorkers(workers.slice(0, kept), rules, auditHere, close);
    },
    close,
  };
}

function poolWorkers(workers: Worker[], rules: RuleSource, auditHere: (file: string) => Promise<InputOutcome>, close: () => Promise<void>): WorkerPool {
  const queue: QueuedFile[] = [];
  let nextId = 0;
  let hereBusy = false;
  let finished = false;
  // Once every file is queued, a worker holds no more than its share of what is left, so
  // that no thread ends long before another; a worker with nothing left stops at once.
  const holdLimit = (): number => (finished ? Math.min(WORKER_PREFETCH, 1 + Math.floor(queue.length / (pool.length + 1))) : WORKER_PREFETCH);
  const dispatch = (): void => {
    for (const entry of pool) {
      while (entry.ready && entry.pending.size < holdLimit() && queue.length > 0) {
        const next = queue.shift() as QueuedFile;
        const id = nextId++;
        entry.pending.set(id, next);
        entry.worker.postMessage({ id, file: next.file } satisfies WorkerMessage);
      }
      if (finished && !entry.stopped && queue.length === 0 && entry.pending.size === 0) stopWorker(entry);
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
  const pool = workers.map((worker) => watchWorker(worker, dispatch));
  for (const worker of workers) worker.postMessage({ rules } satisfies WorkerMessage);
  return {
    audit: (file) =>
      new Promise<InputOutcome>((resolve, reject) => {
        queue.push({ file, resolve, reject });
        dispatch();
      }),
    finish: () => {
      finished = true;
      dispatch();
    },
    close,
  };
}

/** Stops a worker that has nothing left to do, while the other threads finish: its heap is freed off the critical path. */
function stopWorker(entry: PoolWorker): void {
  // A "ready" still on its way must not make it look ready again.
  entry.worker.removeAllListeners('message');
  entry.ready = false;
  entry.stopped = true;
  void entry.worker.terminate();
}

function watchWorker(worker: Worker, dispatch: () => void): PoolWorker {
  const entry: PoolWorker = { worker, ready: false, stopped: false, pending: new Map() };
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
