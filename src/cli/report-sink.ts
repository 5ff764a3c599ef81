/**
 * Where a run's reports go while its sessions stream past: each output's format writer,
 * feeding standard output as it goes (waiting when the stream asks to), or a file written
 * atomically through `writeOutput` once the run ends (only the text is held, not
 * the sessions).
 */
import path from 'node:path';
import { ReassureError } from '../errors.js';
import { loadFormatter } from '../format/index.js';
import { openReportWriter } from '../format/stream.js';
import type { FormatOptions, ReportHead, ReportTail, ReportWriter, SessionReport } from '../types.js';
import type { CliIO, OutputStream } from './main.js';
import type { OutputTarget } from './output-targets.js';
import { resolveColor } from './parse-flags.js';
import { writeOutput } from './write-output.js';

/** Where one output's text goes. */
export interface OutputSink {
  write: (text: string) => Promise<void>;
  /** Ends the output (a file is written now). */
  close: () => Promise<void>;
}

/** Every output of a run. */
export interface ReportOutputs {
  session: (session: SessionReport) => Promise<void>;
  end: (tail: ReportTail, failing: boolean) => Promise<void>;
}

/** Opens every target's writer and sink and writes what each format puts before the sessions. */
export async function openReportOutputs(
  targets: OutputTarget[],
  head: ReportHead,
  options: Omit<FormatOptions, 'color' | 'failing'> & { color: boolean | undefined },
  io: CliIO,
): Promise<ReportOutputs> {
  const outputs: { format: string; writer: ReportWriter; sink: OutputSink }[] = [];
  for (const target of targets) {
    const color = target.path === undefined && resolveColor(options.color, io.stdout, io.env);
    const writer = openReportWriter(await loadFormatter(target.format), head, { ...options, color, failing: false });
    const sink = target.path === undefined ? streamSink(io.stdout) : fileSink(path.resolve(io.cwd, target.path), target.path);
    outputs.push({ format: target.format, writer, sink });
  }
  const each = async (write: (writer: ReportWriter) => string): Promise<void> => {
    for (const output of outputs) await output.sink.write(runFormatter(output.format, () => write(output.writer)));
  };
  await each((writer) => writer.start());
  return {
    session: (session) => each((writer) => writer.session(session)),
    end: async (tail, failing) => {
      await each((writer) => writer.end(tail, failing));
      for (const output of outputs) await output.sink.close();
    },
  };
}

function runFormatter(format: string, write: () => string): string {
  try {
    return write();
  } catch (error) {
    throw new ReassureError(`the ${format} format failed: ${(error as Error).message}`);
  }
}

// A session's report is a few hundred bytes, and each write to a file or pipe is a system call.
const FLUSH_AT = 64 * 1024;

/**
 * Writes in chunks: text is held until 64 KB have gathered or the event loop's current turn
 * ends (so a session read from a pipe goes out at once), and a full stream's `drain` is
 * waited for before more is taken.
 */
export function streamSink(stream: OutputStream): OutputSink {
  let held: string[] = [];
  let size = 0;
  let scheduled = false;
  let full: Promise<void> | undefined;
  const flush = (): void => {
    scheduled = false;
    if (size === 0) return;
    const text = held.join('');
    held = [];
    size = 0;
    if (stream.write(text) === false && stream.once !== undefined && full === undefined) {
      full = new Promise<void>((resolve) => stream.once?.('drain', resolve)).then(() => {
        full = undefined;
      });
    }
  };
  return {
    write: async (text) => {
      if (text === '') return;
      if (full) await full;
      held.push(text);
      size += text.length;
      if (size >= FLUSH_AT) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    close: async () => {
      flush();
      if (full) await full;
    },
  };
}

/** Collects the text and writes the file atomically when closed; a failure names the file as `shown` (as the user wrote it). */
export function fileSink(file: string, shown = file): OutputSink {
  const chunks: string[] = [];
  return {
    write: async (text) => {
      chunks.push(text);
    },
    close: () =>
      writeOutput(file, chunks.join('')).catch((error: unknown) => {
        throw error instanceof ReassureError ? new ReassureError(error.message, { ...error.location, file: shown }, error.exitCode) : error;
      }),
  };
}
