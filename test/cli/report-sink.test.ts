import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { fileSink, streamSink } from '../../src/cli/report-sink.js';

describe('output sinks', () => {
  test('standard output: written at once, waiting for drain when the stream is full', async () => {
    const events: string[] = [];
    let drain: (() => void) | undefined;
    const sink = streamSink({
      write: (chunk: string) => {
        events.push(`write ${chunk}`);
        return chunk !== 'full';
      },
      once: (_event: 'drain', listener: () => void) => {
        drain = listener;
      },
    });
    const waiting = sink.write('full').then(() => events.push('drained'));
    await sink.write('');
    events.push('drain');
    drain?.();
    await waiting;
    await sink.write('next');
    expect(events).toEqual(['write full', 'drain', 'drained', 'write next']);
  });

  test('a file: nothing on disk until closed, then all of it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-sink-'));
    const file = path.join(dir, 'reports', 'run.jsonl');
    const sink = fileSink(file);
    await sink.write('{"a":1}\n');
    await sink.write('{"b":2}\n');
    const before = (() => {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    })();
    await sink.close();
    expect({ before, after: readFileSync(file, 'utf8') }).toEqual({ before: undefined, after: '{"a":1}\n{"b":2}\n' });
    rmSync(dir, { recursive: true, force: true });
  });
});
