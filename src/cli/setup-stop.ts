import { ReassureError } from '../errors.js';

/**
 * Problems in the config or rule file, found before a command starts its work: their
 * closing line (`2 problems in the rule file`). What the command did not go on to do is
 * said by {@link describeSetupStop}, which knows the command that ran.
 */
export class SetupStop extends ReassureError {}

/** A setup stop for `count` problems printed above it, in `where` (`the rule file`). */
export function countSetupProblems(count: number, where: string): SetupStop {
  return new SetupStop(`${count} problem${count === 1 ? '' : 's'} in ${where}`);
}

// What each command had not yet done when its config or rule file stopped it; commands that
// read nothing more (rules list, rules explain, print-config) have nothing to add.
const NOT_DONE: Readonly<Record<string, string>> = {
  audit: 'no transcript was read',
  eval: 'no transcript was read',
  agree: 'no transcript was read',
  speakers: 'no transcript was read',
  train: 'no transcript was read',
  'rules suggest': 'no transcript was read',
  'rules test': 'no example was run',
  merge: 'no report was read',
};

/** The closing line of a setup stop in `command` (`rules test`), with what was left undone. */
export function describeSetupStop(stop: SetupStop, command: string | undefined): string {
  const notDone = command === undefined ? undefined : NOT_DONE[command];
  return notDone === undefined ? stop.message : `${stop.message}; ${notDone}`;
}
