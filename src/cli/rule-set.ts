import path from 'node:path';
import { ReassureError, formatProblem } from '../errors.js';
import { DEFAULT_RULES_PATH } from '../rules/load.js';
import { loadRuleSet, type CompiledRuleSet } from '../rules/compile.js';
import type { CliIO } from './main.js';

/**
 * Loads the rule file (the bundled one when none is named). Every problem is printed as
 * `file:line:col: message` before one error ends the run with exit code 2.
 */
export function loadRulesOrFail(rulesPath: string | undefined, io: CliIO, maxBytes?: number): CompiledRuleSet {
  const result = loadRuleSet(rulesPath === undefined ? DEFAULT_RULES_PATH : path.resolve(io.cwd, rulesPath), io.cwd, maxBytes);
  if (result.ok) return result.ruleSet;
  for (const problem of result.problems) {
    io.stderr.write(`${formatProblem(problem.message, { file: problem.file, line: problem.line, column: problem.column })}\n`);
  }
  const count = result.problems.length;
  throw new ReassureError(`${count} problem${count === 1 ? '' : 's'} in the rule file; no transcript was read`);
}
