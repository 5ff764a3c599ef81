/**
 * A worker thread of `--jobs N`: loads its code, then waits for the rules (the main thread's
 * snapshot, sent as soon as the main thread has them), compiles them, warms its matchers
 * on a made-up exchange (regular expressions compile on first use), says it is ready, then
 * audits the files it is sent, one at a time, answering each with its outcome.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readDecodedText } from '../ingest/read.js';
import { textParser } from '../ingest/parse-text.js';
import { summarizeRules } from '../rules/compile.js';
import { auditFile, auditRead } from './audit-file.js';
import { loadRuleSource, type RuleSource } from './rule-source.js';
import type { WorkerInit, WorkerReply, WorkerTask } from './worker-pool.js';

/** Our own words, never a transcript's: enough turns of both roles for every rule to run once. */
const WARM_UP = 'Therapist: How have the last few days been?\nClient: I keep worrying that it will never get better.\nTherapist: It will be fine, you will get through this.\n';

const { read } = workerData as WorkerInit;

parentPort?.once('message', ({ rules: source }: { rules: RuleSource }) => {
  const ruleSet = loadRuleSource(source);
  const rules = summarizeRules(ruleSet);
  auditRead(readDecodedText(WARM_UP, '-', read, textParser), ruleSet, rules, false);
  parentPort?.on('message', (task: WorkerTask) => {
    auditFile(task.file, ruleSet, rules, read).then(
      (outcome) => parentPort?.postMessage({ id: task.id, outcome } satisfies WorkerReply),
      (error: unknown) => parentPort?.postMessage({ id: task.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies WorkerReply),
    );
  });
  parentPort?.postMessage({ ready: true } satisfies WorkerReply);
});
