import { describe, expect, test } from 'vitest';
import { describeProgress, startProgress, wantsProgress } from '../../src/cli/progress.js';

/** A terminal-like stream that records what was written, and a clock the test moves. */
function setUp(enabled: boolean): { written: string[]; clock: { now: number }; progress: ReturnType<typeof startProgress> } {
  const written: string[] = [];
  const clock = { now: 0 };
  const progress = startProgress({ write: (chunk: string) => written.push(chunk), isTTY: true, columns: 200 }, enabled, () => clock.now);
  return { written, clock, progress };
}

describe('progress line', () => {
  test.each([
    [{ isTTY: true }, {}, false, true],
    [{ isTTY: false }, {}, false, false],
    [{}, {}, false, false],
    [{ isTTY: true }, { CI: 'true' }, false, false],
    [{ isTTY: true }, { CI: 'false' }, false, true],
    [{ isTTY: true }, {}, true, false],
  ])('stderr %j, env %j, quiet %s: shown %s', (stream, env, quiet, shown) => {
    expect(wantsProgress({ write: () => true, ...stream }, env, quiet)).toBe(shown);
  });

  test('nothing in the first second; then one line rewritten in place, cleared at the end', () => {
    const { written, clock, progress } = setUp(true);
    progress.setFiles(4);
    progress.advance({ sessions: 1, turns: 100, file: true });
    clock.now = 2000;
    progress.advance({ sessions: 2, turns: 300, file: true });
    progress.stop();
    expect(written).toEqual(['\r\u001b[2Kreassure: 2/4 files · 3 sessions · 200 turns/s · about 2 s left', '\r\u001b[2K']);
  });

  test('disabled, it writes nothing', () => {
    const { written, clock, progress } = setUp(false);
    clock.now = 5000;
    progress.advance({ sessions: 1, turns: 10, file: true });
    progress.stop();
    expect(written).toEqual([]);
  });

  test.each([
    [{ files: 0, filesDone: 0, sessions: 12, turns: 6000, elapsedMs: 3000 }, 'reassure: 12 sessions · 2,000 turns/s'],
    [{ files: 4770, filesDone: 1000, sessions: 1000, turns: 40000, elapsedMs: 10000 }, 'reassure: 1,000/4,770 files · 1,000 sessions · 4,000 turns/s · about 38 s left'],
    [{ files: 47700, filesDone: 100, sessions: 100, turns: 4000, elapsedMs: 10000 }, 'reassure: 100/47,700 files · 100 sessions · 400 turns/s · about 1.3 h left'],
  ])('%j reads %s', (state, line) => {
    expect(describeProgress(state)).toBe(line);
  });
});
