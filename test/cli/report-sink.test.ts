import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { fileSink, streamSink } from '../../src/cli/report-sink.js';
import { runCli } from '../helpers/run-cli.js';

describe('output sinks', () => {
  test('standard output: held until the event loop turns, then one write; a full stream is drained before more is taken', async () => {
    const events: string[] = [];
    let drain: (() => void) | undefined;
    const sink = streamSink({
      write: (chunk: string) => {
        events.push(`write ${chunk}`);
        return !chunk.endsWith('full');
      },
      once: (_event: 'drain', listener: () => void) => {
        drain = listener;
      },
    });
    await sink.write('a ');
    await sink.write('');
    await sink.write('full');
    events.push('held');
    await new Promise((resolve) => setImmediate(resolve));
    const waiting = sink.write('next').then(() => events.push('taken'));
    await new Promise((resolve) => setImmediate(resolve));
    events.push('drain');
    drain?.();
    await waiting;
    await sink.close();
    expect(events).toEqual(['held', 'write a full', 'drain', 'taken', 'write next']);
  });

  test('standard output: 64 KB gathered are written at once, the rest on close', async () => {
    const writes: number[] = [];
    const sink = streamSink({ write: (chunk: string) => writes.push(chunk.length) });
    const line = `${'x'.repeat(1023)}\n`;
    for (let i = 0; i < 65; i++) await sink.write(line);
    const beforeClose = [...writes];
    await sink.close();
    expect({ beforeClose, after: writes }).toEqual({ beforeClose: [64 * 1024], after: [64 * 1024, 1024] });
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

  // The line named the absolute path (`/home/…/notes/r.json: cannot write …`), which differs by machine and folder.
  test('a report that cannot be written is named as the user wrote it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-sink-'));
    writeFileSync(path.join(dir, 'notes'), 'a file, not a folder');
    writeFileSync(path.join(dir, 's.txt'), 'Client: The bus was late.\nTherapist: How did that go?\n');
    const run = await runCli(['audit', 's.txt', '-o', 'notes/r.json'], { cwd: dir });
    rmSync(dir, { recursive: true, force: true });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 2, stderr: 'notes/r.json: cannot write the report: a parent path is not a directory\n' });
  });
});
