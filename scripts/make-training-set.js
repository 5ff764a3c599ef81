#!/usr/bin/env node
// `node scripts/make-training-set.js [--out DIR]`: writes rules/training/ (or DIR), the project's
// own labelled synthetic transcripts, from the hand-written exchange bank in scripts/training-bank/.
// Deterministic: a fixed seed, so the same bank always gives byte-identical files.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bankDir = path.join(root, 'scripts', 'training-bank');
const outFlag = process.argv.indexOf('--out');
const outDir = outFlag > 0 && process.argv[outFlag + 1] ? path.resolve(process.argv[outFlag + 1]) : path.join(root, 'rules', 'training');
const SEED = 20261201;
const MAX_TURNS = 30;
const KNOWN = new Set([
  'empathy', 'positive-self-talk', 'support-encouragement', 'normalizing', 'education',
  'over-reliance', 'invalidation', 'reinforcing-negative-thoughts', 'ignoring-underlying-issues', 'false-hope',
]);

/** mulberry32: a small seeded generator, so the output depends on the seed alone. */
function makeRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a: each setting gets its own stream, so editing one bank leaves the others' files alone. */
function hashText(text) {
  let h = 0x811c9dc5;
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
  return h;
}

function pick(random, items) {
  return items[Math.floor(random() * items.length)];
}

function shuffle(random, items) {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// Bank format, one file per setting:
//   @setting id / @sessions N / @registers spoken|chat|both / @locale uk|us|both
//   @family formal|lay|chat: the register family of its spoken sessions (chat sessions count as chat)
//   @speakers Therapist/Client, Counsellor/Client   (pairs to choose from)
//   @open / @close: one therapist line per following `T:` line (unlabelled unless braces say)
//   @scene [loop]: an exchange; lines `C: text` or `T{label,label}: text`
//   @filler-client / @filler-therapist: short lines to join scenes
function parseBank(file) {
  const text = readFileSync(file, 'utf8');
  const bank = { file: path.basename(file), setting: '', family: 'lay', sessions: 20, registers: 'spoken', locale: 'both', speakers: [], open: [], close: [], scenes: [], clientFillers: [], therapistFillers: [] };
  let section = null;
  let scene = null;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    const where = `${bank.file}:${index + 1}`;
    if (line === '' || line.startsWith('#')) {
      if (line === '') scene = null;
      return;
    }
    if (line.startsWith('@')) {
      const [key, ...rest] = line.slice(1).split(/\s+/);
      const value = rest.join(' ');
      scene = null;
      if (key === 'setting') bank.setting = value;
      else if (key === 'sessions') bank.sessions = Number(value);
      else if (key === 'registers') bank.registers = value;
      else if (key === 'family') bank.family = value;
      else if (key === 'locale') bank.locale = value;
      else if (key === 'speakers') bank.speakers = value.split(',').map((pair) => pair.trim().split('/'));
      else if (key === 'open' || key === 'close' || key === 'filler-client' || key === 'filler-therapist') section = key;
      else if (key === 'scene') {
        section = 'scene';
        scene = { loop: value === 'loop', turns: [], where };
        bank.scenes.push(scene);
      } else throw new Error(`${where}: unknown directive @${key}`);
      return;
    }
    const match = /^([CT])(?:\{([^}]*)\})?:\s*(.+)$/.exec(line);
    if (!match) throw new Error(`${where}: expected "C: text" or "T{labels}: text", got ${JSON.stringify(line)}`);
    const [, who, labelText, body] = match;
    const labels = labelText ? labelText.split(',').map((l) => l.trim()).filter(Boolean) : [];
    for (const label of labels) if (!KNOWN.has(label)) throw new Error(`${where}: unknown label ${label}`);
    if (who === 'C' && labels.length > 0) throw new Error(`${where}: client turns carry no labels`);
    const turn = { who, text: body, labels };
    if (section === 'scene') {
      if (!scene) {
        scene = { loop: false, turns: [], where };
        bank.scenes.push(scene);
      }
      scene.turns.push(turn);
    } else if (section === 'open') bank.open.push(turn);
    else if (section === 'close') bank.close.push(turn);
    else if (section === 'filler-client') bank.clientFillers.push(turn);
    else if (section === 'filler-therapist') bank.therapistFillers.push(turn);
    else throw new Error(`${where}: a turn outside any section`);
  });
  if (!bank.setting) throw new Error(`${bank.file}: no @setting`);
  return bank;
}

// British and American spellings, swapped whole-word both ways, so either can be written in the bank.
const SPELLINGS = [
  ['realise', 'realize'], ['realised', 'realized'], ['realising', 'realizing'], ['organise', 'organize'],
  ['organised', 'organized'], ['apologise', 'apologize'], ['recognise', 'recognize'], ['recognised', 'recognized'],
  ['behaviour', 'behavior'], ['behaviours', 'behaviors'], ['colour', 'color'], ['favourite', 'favorite'],
  ['neighbour', 'neighbor'], ['neighbours', 'neighbors'], ['mum', 'mom'], ['mums', 'moms'], ['mummy', 'mommy'],
  ['counselling', 'counseling'], ['counsellor', 'counselor'], ['centre', 'center'], ['travelling', 'traveling'],
  ['maths', 'math'], ['sceptical', 'skeptical'], ['prioritise', 'prioritize'], ['emphasise', 'emphasize'],
  ['criticise', 'criticize'], ['criticised', 'criticized'], ['honour', 'honor'], ['labelled', 'labeled'],
  ['cancelled', 'canceled'], ['agonising', 'agonizing'], ['paralysed', 'paralyzed'], ['analyse', 'analyze'],
  ['catastrophising', 'catastrophizing'], ['normalise', 'normalize'], ['programme', 'program'],
];
// British words with an American equivalent; only swapped towards American, since the reverse is ambiguous.
const WORDS = [['GP', 'doctor'], ['uni', 'college'], ['fortnight', 'two weeks'], ['holiday', 'vacation'], ['practise', 'practice'], ['whilst', 'while']];

function buildSpellingMap(target) {
  const map = new Map();
  for (const [uk, us] of SPELLINGS) map.set(target === 'us' ? uk : us, target === 'us' ? us : uk);
  if (target === 'us') for (const [uk, us] of WORDS) map.set(uk.toLowerCase(), us);
  return map;
}

function matchCase(source, word) {
  if (source.length > 1 && source === source.toUpperCase()) return word === 'doctor' ? word : word.toUpperCase();
  if (source[0] === source[0].toUpperCase()) return word[0].toUpperCase() + word.slice(1);
  return word;
}

function applySpelling(text, target) {
  const map = buildSpellingMap(target);
  return text.replace(/[A-Za-z]+/g, (word) => {
    const swap = map.get(word.toLowerCase());
    return swap ? matchCase(word, swap) : word;
  });
}

// Text-chat register: lower case, dropped apostrophes, u/ur, the odd elongation or typo.
function chatify(text, random, strength) {
  let out = text;
  if (random() < 0.85) out = out.toLowerCase();
  if (random() < 0.8) out = out.replace(/[’']/g, '');
  if (random() < strength) {
    out = out.replace(/\byou['’]?re\b/gi, 'ur').replace(/\byour\b/gi, 'ur').replace(/\byou\b(?!['’])/gi, 'u');
  }
  if (random() < strength * 0.6) out = out.replace(/\bgoing to\b/gi, 'gonna').replace(/\bwant to\b/gi, 'wanna');
  if (random() < 0.4) out = out.replace(/\bthough\b/gi, 'tho').replace(/\bbecause\b/gi, 'cos');
  if (random() < 0.6) out = out.replace(/[.]$/, '');
  if (random() < 0.3) out = out.replace(/\b(so|really|sorry|okay|ok|no|hey|ugh|yes)\b/i, (w) => w + w.slice(-1).repeat(2 + Math.floor(random() * 3)));
  if (random() < 0.08) out = addTypo(out, random);
  return out;
}

function addTypo(text, random) {
  const words = text.split(' ');
  const candidates = words.map((w, i) => [w, i]).filter(([w]) => /^[a-z]{6,}$/.test(w));
  if (candidates.length === 0) return text;
  const [word, index] = pick(random, candidates);
  const at = 1 + Math.floor(random() * (word.length - 3));
  words[index] = word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
  return words.join(' ');
}

function joinTurns(turns, fillers, random) {
  const out = [];
  for (const turn of turns) {
    const last = out[out.length - 1];
    if (last && last.who === turn.who) {
      const pool = turn.who === 'T' ? fillers.client : fillers.therapist;
      out.push(pick(random, pool));
    }
    out.push(turn);
  }
  return out;
}

/** How many scenes a session gets: a few short ones (one scene), mostly two to four, some long ones. */
function drawSceneCount(random) {
  const r = random();
  if (r < 0.12) return 1;
  if (r < 0.85) return 2 + Math.floor(random() * 3);
  return 5 + Math.floor(random() * 2);
}

/** Draws scenes for every session from a per-setting deck, so each scene is used about equally. */
function planSessions(bank, random) {
  const plain = bank.scenes.filter((s) => !s.loop);
  const loops = bank.scenes.filter((s) => s.loop);
  const fillers = { client: bank.clientFillers, therapist: bank.therapistFillers };
  let deck = [];
  let loopDeck = [];
  const sessions = [];
  for (let n = 0; n < bank.sessions; n++) {
    const want = drawSceneCount(random);
    const framed = want > 1;
    const turns = [];
    if (framed && random() < 0.7 && bank.open.length > 0) turns.push(pick(random, bank.open));
    // A loop session is reassurance given again and again: the loop, little else.
    if (loops.length > 0 && n % 7 === 3) {
      if (loopDeck.length === 0) loopDeck = shuffle(random, loops);
      turns.push(...loopDeck.pop().turns);
    } else {
      const used = new Set();
      for (let k = 0; k < want || turns.length < 4; k++) {
        if (deck.length === 0) deck = shuffle(random, plain);
        const scene = deck.pop();
        if (used.has(scene)) continue;
        if (turns.length + scene.turns.length > MAX_TURNS - 2 && turns.length >= 4) break;
        used.add(scene);
        turns.push(...scene.turns);
      }
    }
    if (framed && random() < 0.6 && bank.close.length > 0) turns.push(pick(random, bank.close));
    sessions.push(joinTurns(turns, fillers, random).slice(0, MAX_TURNS));
  }
  return sessions;
}

function renderSession(bank, turns, n, random) {
  const locale = bank.locale === 'both' ? (random() < 0.5 ? 'uk' : 'us') : bank.locale;
  const chat = bank.registers === 'chat' || (bank.registers === 'both' && random() < 0.5);
  const strength = 0.3 + random() * 0.6;
  const [therapist, client] = pick(random, bank.speakers.length > 0 ? bank.speakers : [['Therapist', 'Client']]);
  const id = `${bank.setting}-${String(n + 1).padStart(3, '0')}`;
  const out = turns.map((turn) => {
    let text = applySpelling(turn.text, locale);
    if (chat) text = chatify(text, random, strength);
    const entry = { speaker: turn.who === 'T' ? therapist : client, text };
    if (turn.labels.length > 0) entry.labels = [...turn.labels];
    return entry;
  });
  const loopTurns = out.filter((t) => t.labels?.includes('over-reliance')).length;
  const doc = { session: `train-${id}` };
  doc.setting = bank.setting;
  doc.register = chat ? 'text chat' : 'spoken';
  doc.spelling = locale === 'uk' ? 'British' : 'American';
  if (loopTurns >= 2) doc.labels = ['over-reliance'];
  doc.turns = out;
  return { name: `${id}.yaml`, doc, family: chat ? 'chat' : bank.family };
}

/** Counts labelled therapist turns per id, and distinct therapist utterances per register family. */
function countFigures(rendered) {
  const counts = Object.fromEntries([...KNOWN].map((id) => [id, 0]));
  const distinct = { formal: new Set(), lay: new Set(), chat: new Set() };
  const all = new Set();
  let therapistTurns = 0;
  let unlabelled = 0;
  for (const { turns, family } of rendered) {
    for (const turn of turns) {
      if (turn.who !== 'T') continue;
      therapistTurns++;
      if (turn.labels.length === 0) unlabelled++;
      for (const label of turn.labels) counts[label]++;
      distinct[family].add(turn.text);
      all.add(turn.text);
    }
  }
  return { counts, distinct, all, therapistTurns, unlabelled };
}

function formatFigures(rendered, banks) {
  const { counts, distinct, all, therapistTurns, unlabelled } = countFigures(rendered);
  const sessionLoops = rendered.filter(({ doc }) => doc.labels).length;
  const table = [...KNOWN].map((id) => `| \`${id}\` | ${counts[id]} |`).join('\n');
  return [
    `- ${rendered.length} sessions in ${banks.length} settings, ${therapistTurns} therapist turns (${unlabelled} with no label).`,
    `- ${all.size} distinct therapist utterances as written in the bank, before spelling and chat variation:`,
    `  ${distinct.formal.size} in formal clinician sessions, ${distinct.lay.size} in warm lay sessions, ${distinct.chat.size} in text-chat sessions (a scene used in both registers counts in both).`,
    `- Session-level \`over-reliance\`: ${sessionLoops} sessions.`,
    '',
    '| id | labelled therapist turns |',
    '|---|---|',
    table,
  ].join('\n');
}

function run() {
  const banks = readdirSync(bankDir).filter((f) => f.endsWith('.txt')).sort().map((f) => parseBank(path.join(bankDir, f)));
  const rendered = [];
  for (const bank of banks) {
    const random = makeRandom(SEED ^ hashText(bank.setting));
    planSessions(bank, random).forEach((turns, n) => rendered.push({ ...renderSession(bank, turns, n, random), turns }));
  }
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  for (const { name, doc } of rendered) writeFileSync(path.join(outDir, name), stringify(doc, { lineWidth: 0 }));
  const figures = formatFigures(rendered, banks);
  const readme = readFileSync(path.join(bankDir, 'README.template.md'), 'utf8');
  writeFileSync(path.join(outDir, 'README.md'), readme.replace('{{FIGURES}}', figures));
  console.log(figures);
}

run();
