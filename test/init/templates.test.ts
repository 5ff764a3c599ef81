import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_ANSWERS, renderInitFiles, type InitAnswers } from '../../src/init/templates.js';

/** The generated `.reassurerc.yaml`. */
function renderConfig(answers: InitAnswers): string {
  return renderInitFiles(answers).find((file) => file.path === '.reassurerc.yaml')?.text ?? '';
}

describe('renderInitFiles: .reassurerc.yaml', () => {
  // The comments after `include:` and `fail-on:` started in different columns.
  test('the settings with the defaults, their comments in one column', () => {
    expect(renderConfig(DEFAULT_ANSWERS).split('\n').slice(2)).toEqual([
      'rules: rules/reassure.yaml',
      'include: [transcripts/]  # audited when no path is given',
      'fail-on: warning         # any unintended pitfall fails the run',
      '',
    ]);
  });

  test.each([
    ['a long folder name', { transcripts: 'coded/2026/spring term/sessions' }],
    ['a folder in CJK, two columns a character', { transcripts: '記録' }],
    ['a therapist label (a line with no comment)', { transcripts: 'transcripts', therapist: 'Dr. Ramsay' }],
  ])('comments stay in one column with %s, and the file reads back', (_name, answers: InitAnswers) => {
    const text = renderConfig(answers);
    const commented = text.split('\n').filter((line) => line.includes('  # '));
    const columns = commented.map((line) => [...line.slice(0, line.indexOf('  # '))].reduce((sum, char) => sum + (/[\u3000-\u9fff]/.test(char) ? 2 : 1), 0));
    expect(commented).toHaveLength(2);
    expect(new Set(columns).size).toBe(1);
    expect(parse(text)).toMatchObject({ include: [`${answers.transcripts}/`], 'fail-on': 'warning' });
  });
});
