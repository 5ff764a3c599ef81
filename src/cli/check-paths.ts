import type { Command } from 'commander';
import { ReassureError } from '../errors.js';

/** The options that name a file, by the key commander gives their value. */
const FILE_OPTIONS: Readonly<Record<string, string>> = { rules: '--rules', config: '--config', output: '--output', baseline: '--baseline' };

/**
 * Checks the values that name files before a command runs: an empty one would name the
 * working directory (`audit ''` audited it), and an option's value that looks like a flag
 * is the next option taken as that value (`-o --redact` wrote the report, unredacted, to a
 * file named "--redact"). An empty `<id>` argument is left to the command.
 */
export function checkPathArguments(command: Command): void {
  const options = command.opts<Record<string, unknown>>();
  for (const [key, flag] of Object.entries(FILE_OPTIONS)) {
    const value = options[key];
    if (value === '') throw new ReassureError(`${flag}: got "", expected a file`);
    if (typeof value === 'string' && /^--?[a-z]/i.test(value)) throw new ReassureError(`${flag}: got "${value}", expected a file (a value missing before it?)`);
  }
  command.registeredArguments.forEach((argument, index) => {
    const given: unknown = command.processedArgs[index];
    if (argument.name() !== 'id' && (Array.isArray(given) ? given : [given]).includes('')) {
      throw new ReassureError(`${describeCommand(command)}: an empty path ("") names no file`);
    }
  });
}

// `rules test`, not `test`: the names up to the program's own.
function describeCommand(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current?.parent; current = current.parent) names.unshift(current.name());
  return names.join(' ');
}
