/**
 * A worker thread of `--jobs N`: loads the rules itself (through the rule cache) and audits
 * the files it is sent, one at a time, answering each with its outcome.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { summarizeRules } from '../rules/compile.js';
import { auditFile } from './audit-file.js';
import { loadRuleSource } from './rule-source.js';
import type { WorkerInit, WorkerReply, WorkerTask } from './worker-pool.js';

const init = workerData as WorkerInit;
const ruleSet = loadRuleSource(init.rules);
const rules = summarizeRules(ruleSet);

parentPort?.on('message', (task: WorkerTask) => {
  auditFile(task.file, ruleSet, rules, init.read).then(
    (outcome) => parentPort?.postMessage({ id: task.id, outcome } satisfies WorkerReply),
    (error: unknown) => parentPort?.postMessage({ id: task.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies WorkerReply),
  );
});
