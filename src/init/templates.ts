/**
 * The files `reassure init` writes: a config, a rule file that extends the bundled rules
 * (with commented examples of overriding and adding a rule), one labelled sample
 * transcript (synthetic) and a GitHub Actions workflow.
 */
import { displayWidth, padDisplayEnd } from '../format/display-width.js';
import { TOOL } from '../report/run-report.js';

/** What the user chose (or the defaults). */
export interface InitAnswers {
  /** Folder for transcripts, relative, forward slashes, no trailing slash. */
  transcripts: string;
  /** The therapist's speaker label, when transcripts use names. */
  therapist?: string;
}

/** The defaults `--yes` and a non-terminal take. */
export const DEFAULT_ANSWERS: InitAnswers = { transcripts: 'transcripts' };

/** The rule file's path, relative to the project folder. */
export const RULES_FILE = 'rules/reassure.yaml';
/** Where the suggested HTML report goes. */
export const REPORT_FILE = 'reports/reassure.html';

/** One file to write: its path relative to the project folder, and its text. */
export interface InitFile {
  path: string;
  text: string;
}

/** Every file `init` writes, in the order it lists them. */
export function renderInitFiles(answers: InitAnswers): InitFile[] {
  return [
    { path: '.reassurerc.yaml', text: renderConfig(answers) },
    { path: RULES_FILE, text: RULES },
    { path: `${answers.transcripts}/example.yaml`, text: renderSample(answers) },
    { path: '.github/workflows/reassure.yml', text: renderWorkflow() },
  ];
}

/** The three commands to run next. */
export function listNextCommands(): string[] {
  return [`npx reassure rules test ${RULES_FILE}`, 'npx reassure audit', `npx reassure audit --format html=${REPORT_FILE}`];
}

function renderConfig(answers: InitAnswers): string {
  const lines: [string, string?][] = [
    [`rules: ${RULES_FILE}`],
    [`include: [${toYamlScalar(`${answers.transcripts}/`)}]`, 'audited when no path is given'],
    ...(answers.therapist === undefined ? [] : [[`roles: {therapist: [${JSON.stringify(answers.therapist)}]}`] as [string]]),
    ['fail-on: warning', 'any unintended pitfall fails the run'],
  ];
  return `# reassure's settings for this folder; \`npx reassure print-config\` shows every value and
# where it came from. Paths are relative to this file.
${alignComments(lines)}`;
}

// YAML lines with their trailing comments in one column, two spaces after the longest commented line.
function alignComments(lines: readonly [string, string?][]): string {
  const width = Math.max(0, ...lines.filter(([, comment]) => comment !== undefined).map(([text]) => displayWidth(text)));
  return lines.map(([text, comment]) => (comment === undefined ? `${text}\n` : `${padDisplayEnd(text, width)}  # ${comment}\n`)).join('');
}

// A folder name as the user typed it: bare when YAML reads it back as it is, else quoted (a comma or # would split or cut it).
function toYamlScalar(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : JSON.stringify(text);
}

const RULES = `# yaml-language-server: $schema=../node_modules/reassure/schema/rules.schema.json
# Your rules: the bundled ones, with your changes on top. Check them with
#   npx reassure rules test ${RULES_FILE}
version: 1
extends: default
rules: []
# To change rules, replace [] above with a list like this one.
#
# Override a bundled rule by id (only the keys you set change):
#   - id: false-hope
#     severity: error                 # stricter than the default
# Switch one off:
#   - id: education
#     enabled: false
# Add your own; every rule needs examples that hit and examples that miss:
#   - id: minimising
#     kind: pitfall
#     name: Minimising
#     severity: warning
#     description: Calls the client's problem small.
#     rationale: The client hears that theirs does not need help.
#     match: [{phrase: "{it's|it is} only {a|}"}]
#     examples:
#       hit: ["It's only a little exam."]
#       miss: ["It's a big exam."]
`;

function renderSample(answers: InitAnswers): string {
  const therapist = answers.therapist ?? 'Counsellor';
  const roles = answers.therapist === undefined ? '' : `roles: {therapist: [${JSON.stringify(answers.therapist)}]}\n`;
  const say = (text: string, labels?: string): string =>
    `  - speaker: ${JSON.stringify(therapist)}\n    text: ${JSON.stringify(text)}\n${labels === undefined ? '' : `    labels: [${labels}]\n`}`;
  const client = (text: string): string => `  - speaker: Client\n    text: ${JSON.stringify(text)}\n`;
  return `# A labelled example session (synthetic). \`labels\` on a turn names what a coder found
# there. A pitfall shown on purpose is labelled, so it is reported as expected and does not
# fail the run; \`npx reassure eval\` measures the rules against labels like these.
session: example-01
therapist: Counsellor A (fictional)
date: "2026-01-12"
purpose: training example; the labelled false hope in the last turn is deliberate
${roles}turns:
${say('What would you like to focus on today?')}${client('The driving test next week. I keep picturing myself stalling at the first junction.')}${say('That sounds really stressful; it sounds like you have been worried about it all week.', 'empathy')}${client('It has. I failed the last one and I feel like a fool.')}${say("Lots of people need more than one attempt at a driving test; it's a common experience.", 'normalizing')}${client('Will I pass this time, though?')}${say('What helped on the drives that went well?')}${client('Breathing out slowly before I pulled away. But will it be alright?')}${say("Don't worry, you'll definitely pass this time.", 'false-hope')}`;
}

function renderWorkflow(): string {
  return `# Audits the transcripts on every push and pull request: pitfalls nobody intended fail the
# check, annotations land on the changed lines, and the HTML report is kept as an artifact.
name: reassure
on: [push, pull_request]
permissions:
  contents: read
jobs:
  audit:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with: { node-version: 20 }
      - run: npm install --global ${TOOL.name}@${TOOL.version}
      - run: reassure rules test ${RULES_FILE}
      - name: Audit the transcripts
        run: reassure audit --format github --format markdown=reports/summary.md --format html=${REPORT_FILE}
      - name: Step summary
        if: always()
        run: cat reports/summary.md >> "$GITHUB_STEP_SUMMARY"
      - uses: actions/upload-artifact@v4
        if: always()
        with: { name: reassure-report, path: ${REPORT_FILE} }
`;
}
