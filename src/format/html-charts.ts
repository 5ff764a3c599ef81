/**
 * The SVG charts of the HTML report, drawn as strings: a session's timeline along its
 * turns, a stacked bar of techniques against pitfalls, and a therapist's trend across
 * dates. Every chart carries a text alternative (a label, titles, or a table beside it).
 */
import type { Role, RuleKind } from '../types.js';
import { PALETTE, drawMarkShape, escapeHtml, fix, tag } from './html-markup.js';

/** One mark on a timeline: a finding at a turn, or a session finding over several turns. */
export interface TimelineMark {
  /** The id of the finding's row in the findings list, which a click reveals. */
  id: string;
  rule: string;
  kind: RuleKind;
  turn: number;
  /** Session findings: the turns that contributed. */
  turns?: number[];
  /** `intended` (labelled) and `suppressed` marks are drawn hollow. */
  status: 'found' | 'intended' | 'suppressed';
  /** Said on hover and to screen readers. */
  label: string;
}

const WIDTH = 1000;
const HEIGHT = 100;
const LEFT = 12;
/** Where each lane's first mark sits; further marks on one turn stack upwards by {@link STACK}. */
const LANE_Y = { technique: 30, pitfall: 64 } as const;
const STACK = 11;
const TICKS = { therapist: [76, 94], client: [84, 94], other: [89, 94] } as const;

/** The ids of the mark shapes that timelines place with `<use>`, drawn once per page by {@link drawMarkSymbols}. */
const SYMBOL_IDS = { technique: 'mark-technique', pitfall: 'mark-pitfall', session: 'mark-session' } as const;

/** The three mark shapes, centred on 0 0, for the page to hold once; hidden and taking no room. */
export function drawMarkSymbols(): string {
  const symbols = (['technique', 'pitfall', 'session'] as const).map((kind) => `<symbol id="${SYMBOL_IDS[kind]}" overflow="visible">${drawMarkShape(kind, 0, 0, 5)}</symbol>`);
  return `<svg class="symbols" width="0" height="0" aria-hidden="true" focusable="false">${symbols.join('')}</svg>`;
}

/**
 * A session along its turns: therapist and client turns as ticks at the bottom (therapist
 * taller), techniques as circles on the upper lane and pitfalls as triangles on the lower
 * one (session findings as a diamond with its turns underlined). Several marks on one turn
 * stack upwards. The timeline is 100 pixels tall at any width: the ticks are a drawing
 * stretched sideways, and marks sit at a percentage of the width at their own size (shapes
 * from {@link drawMarkSymbols}), so a narrow window brings them closer, not smaller.
 */
export function drawTimeline(turnCount: number, roles: readonly Role[] | undefined, marks: readonly TimelineMark[], label: string): string {
  const step = (WIDTH - 2 * LEFT) / Math.max(1, turnCount);
  const xOf = (turn: number): number => LEFT + (turn - 0.5) * step;
  const percent = (x: number): string => `${fix(x / (WIDTH / 100))}%`;
  const ticks = (['client', 'other', 'therapist'] as const).map((role) => {
    const d = (roles ?? [])
      .map((r, i) => (r === role ? `M${fix(xOf(i + 1))} ${TICKS[role][0]}V${TICKS[role][1]}` : ''))
      .join('');
    return d === '' ? '' : `<path class="tick-${role}" d="${d}"/>`;
  });
  const stacked = new Map<string, number>();
  const drawn = marks.map((mark) => {
    const key = `${mark.kind}:${mark.turn}`;
    const level = stacked.get(key) ?? 0;
    stacked.set(key, level + 1);
    const y = LANE_Y[mark.kind] - Math.min(level, 2) * STACK;
    const shape = `<use href="#${SYMBOL_IDS[mark.turns !== undefined ? 'session' : mark.kind]}" x="${percent(xOf(mark.turn))}" y="${y}"/>`;
    const underline = (mark.turns ?? []).map((turn) => `<line class="span" x1="${percent(xOf(turn) - step / 2)}" x2="${percent(xOf(turn) + step / 2)}" y1="71" y2="71"/>`).join('');
    return tag(
      'g',
      { class: `mark ${mark.kind} ${mark.status}`, tabindex: 0, role: 'button', 'data-finding': mark.id, 'aria-label': mark.label },
      `<title>${escapeHtml(mark.label)}</title>${underline}${shape}`,
    );
  });
  const axis = `<path class="axis" d="M${LEFT} 95H${WIDTH - LEFT}"/>`;
  const track = tag('svg', { class: 'track', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, preserveAspectRatio: 'none', width: '100%', height: HEIGHT }, `${axis}${ticks.join('')}`);
  return tag('svg', { class: 'timeline', width: '100%', height: HEIGHT, role: 'group', 'aria-label': label }, `${track}${drawn.join('')}`);
}

/** Techniques against pitfalls as one bar scaled to `max`, with the numbers as its label. */
export function drawStackedBar(techniques: number, pitfalls: number, max: number): string {
  const width = 90;
  const scale = max === 0 ? 0 : width / max;
  const label = `${techniques} technique${techniques === 1 ? '' : 's'}, ${pitfalls} pitfall${pitfalls === 1 ? '' : 's'}`;
  const t = techniques * scale;
  const p = pitfalls * scale;
  return tag(
    'svg',
    { class: 'bar', viewBox: `0 0 ${width} 12`, width, height: 12, role: 'img', 'aria-label': label },
    `<title>${label}</title><rect x="0" y="0" width="${fix(t)}" height="12" fill="${PALETTE.technique}" class="technique"/>` +
      `<rect x="${fix(t)}" y="0" width="${fix(p)}" height="12" fill="${PALETTE.pitfall}" class="pitfall"/>`,
  );
}

/** One dated point of a therapist's trend: techniques and pitfalls per 10 therapist turns. */
export interface TrendPoint {
  date: string;
  sessions: number;
  techniques: number;
  pitfalls: number;
}

/**
 * The two drawings of a trend, each drawn near the size it is shown at so its 12 px text
 * stays 12 px or more: `wide` for a column of 640 CSS pixels or more (shown at 640), `narrow`
 * below that, down to the 300 pixels a 320-pixel window leaves (shown at 280 to 400), with
 * fewer dates along its axis. Dates are centred under their point, so the sides leave room
 * for half of one (about 38 pixels).
 */
const TREND_LAYOUTS = {
  wide: { width: 640, height: 180, pad: { left: 44, right: 40, top: 12, bottom: 34 }, dates: 7 },
  narrow: { width: 280, height: 170, pad: { left: 40, right: 40, top: 12, bottom: 34 }, dates: 3 },
} as const;

/** Which drawing of a trend: see {@link TREND_LAYOUTS}. */
export type TrendLayout = keyof typeof TREND_LAYOUTS;

/**
 * A therapist's techniques (solid line, circles) and pitfalls (dashed line, triangles) per
 * 10 therapist turns across dates, dates evenly spaced in order.
 */
export function drawTrend(points: readonly TrendPoint[], label: string, layout: TrendLayout): string {
  const { width, height, pad, dates: maxDates } = TREND_LAYOUTS[layout];
  const top = Math.max(1, ...points.flatMap((p) => [p.techniques, p.pitfalls]));
  const yMax = Math.ceil(top);
  const xOf = (i: number): number =>
    points.length === 1 ? width / 2 : pad.left + (i * (width - pad.left - pad.right)) / (points.length - 1);
  const yOf = (v: number): number => height - pad.bottom - (v / yMax) * (height - pad.top - pad.bottom);
  const grid = [0, yMax / 2, yMax]
    .map((v) => `<path class="grid" d="M${pad.left} ${fix(yOf(v))}H${width - pad.right}"/><text x="${pad.left - 6}" y="${fix(yOf(v) + 4)}" text-anchor="end">${fix(v)}</text>`)
    .join('');
  const dates = pickDateLabels(points.length, maxDates)
    .map((i) => `<text x="${fix(xOf(i))}" y="${height - 14}" text-anchor="middle">${escapeHtml(points[i]?.date ?? '')}</text>`)
    .join('');
  const series = (['technique', 'pitfall'] as const).map((kind) => {
    const value = (p: TrendPoint): number => (kind === 'technique' ? p.techniques : p.pitfalls);
    const line = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${fix(xOf(i))} ${fix(yOf(value(p)))}`).join('');
    const dots = points
      .map((p, i) => `<g><title>${escapeHtml(`${p.date}: ${fix(value(p))} ${kind}s per 10 therapist turns`)}</title>${drawMarkShape(kind, xOf(i), yOf(value(p)), 4)}</g>`)
      .join('');
    return `<g class="series ${kind}"><path class="line" d="${line}"/>${dots}</g>`;
  });
  return tag('svg', { class: `trend ${layout}`, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label }, `${grid}${dates}${series.join('')}`);
}

/**
 * The points whose date is written under the axis, at most `max`: every step-th from the
 * first, and the last, at least a step after the one before, so no two labels overlap.
 */
export function pickDateLabels(count: number, max: number): number[] {
  const step = Math.max(1, Math.ceil((count - 1) / (max - 1)));
  return Array.from({ length: count }, (_, i) => i).filter((i) => i === count - 1 || (i % step === 0 && count - 1 - i >= step));
}
