import { expect, test } from 'vitest';
import { countSetupProblems, describeSetupStop } from '../../src/cli/setup-stop.js';

test.each([
  { command: 'audit', line: '1 problem in the rule file; no transcript was read' },
  { command: 'rules suggest', line: '1 problem in the rule file; no transcript was read' },
  { command: 'rules test', line: '1 problem in the rule file; no example was run' },
  { command: 'merge', line: '1 problem in the rule file; no report was read' },
  { command: 'rules explain', line: '1 problem in the rule file' },
  { command: undefined, line: '1 problem in the rule file' },
])('$command: $line', ({ command, line }) => {
  expect(describeSetupStop(countSetupProblems(1, 'the rule file'), command)).toBe(line);
});

test('two or more problems are counted in the plural', () => {
  expect(countSetupProblems(2, 'the config file').message).toBe('2 problems in the config file');
});
