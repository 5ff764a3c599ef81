import { setFlagsFromString } from 'node:v8';

/**
 * How much the JavaScript heap may grow past what the last full collection kept, in percent.
 * Left to itself, V8 lets it grow up to 4× when collections are cheap beside the work, and
 * an audit promotes each session's turns and matches to the old generation, where they die:
 * the live heap stays flat, but the peak before a collection grew with the length of the run.
 */
const HEAP_GROWING_PERCENT = 50;

/**
 * Caps how far each thread's heap grows between full collections (V8's flags are the
 * process's, so worker threads started after this share it). Not a limit on the heap:
 * a run that needs more still gets it, with more frequent collections.
 */
export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
