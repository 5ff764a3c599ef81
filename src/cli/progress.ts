/**
 * The progress line of a long run: on a terminal only (never when stderr is a pipe or a
 * file, in CI, or with `--quiet`), after about a second, one line on stderr rewritten in
 * place: files and sessions done, turns per second and the time left.
 */
import type { OutputStream } from './main.js';

/** What the progress line counts. */
export interface Progress {
  /** The number of files the run will read, once known. */
  setFiles: (count: number) => void;
  /** One input done: its sessions and turns, and whether it was one of the files. */
  advance: (done: { sessions: number; turns: number; file: boolean }) => void;
  /** Takes the line off the terminal (before other output on stderr, and at the end). */
  clear: () => void;
  /** Stops updating and clears the line. */
  stop: () => void;
}

/** How long a run goes quiet before the line appears, and how often it changes after. */
const FIRST_AFTER_MS = 1000;
const EVERY_MS = 250;

/** Whether a run shows progress: stderr is a terminal, not CI, not `--quiet`. */
export function wantsProgress(stderr: OutputStream, env: Record<string, string | undefined>, quiet: boolean): boolean {
  return stderr.isTTY === true && !quiet && (env.CI === undefined || env.CI === '' || env.CI === 'false');
}

/** A progress line on `stderr`, or one that does nothing when `enabled` is false. */
export function startProgress(stderr: OutputStream, enabled: boolean, now: () => number = Date.now): Progress {
  const state = { files: 0, filesDone: 0, sessions: 0, turns: 0, shown: false, lastDraw: 0 };
  const started = now();
  const draw = (): void => {
    const time = now();
    if (time - started < FIRST_AFTER_MS || time - state.lastDraw < EVERY_MS) return;
    state.lastDraw = time;
    state.shown = true;
    const line = describeProgress({ ...state, elapsedMs: time - started });
    const width = stderr.columns !== undefined && stderr.columns > 0 ? stderr.columns : 100;
    stderr.write(`\r\u001b[2K${line.slice(0, Math.max(20, width - 1))}`);
  };
  const timer = enabled ? setInterval(draw, EVERY_MS) : undefined;
  timer?.unref();
  const clear = (): void => {
    if (!state.shown) return;
    stderr.write('\r\u001b[2K');
    state.shown = false;
    state.lastDraw = 0;
  };
  return {
    setFiles: (count) => {
      state.files = count;
    },
    advance: (done) => {
      state.sessions += done.sessions;
      state.turns += done.turns;
      if (done.file) state.filesDone++;
      if (enabled) draw();
    },
    clear,
    stop: () => {
      clearInterval(timer);
      clear();
    },
  };
}

/** `1,204/4,770 files · 1,260 sessions · 3,400 turns/s · about 1 min left`. */
export function describeProgress(state: { files: number; filesDone: number; sessions: number; turns: number; elapsedMs: number }): string {
  const seconds = state.elapsedMs / 1000;
  const parts = [`${count(state.sessions)} sessions`, `${count(Math.round(state.turns / Math.max(seconds, 0.001)))} turns/s`];
  if (state.files > 0) {
    parts.unshift(`${count(state.filesDone)}/${count(state.files)} files`);
    if (state.filesDone > 0) parts.push(`about ${describeDuration((seconds / state.filesDone) * (state.files - state.filesDone))} left`);
  }
  return `reassure: ${parts.join(' · ')}`;
}

function describeDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}
