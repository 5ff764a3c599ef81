/**
 * Building blocks of the HTML report: escaping, the colour-blind-safe palette (Okabe–Ito)
 * and the shapes that tell techniques from pitfalls without colour.
 */
import { toOneLine } from './describe.js';

/** Okabe–Ito colours: told apart with the common colour-vision deficiencies. */
export const PALETTE = { technique: '#0072B2', pitfall: '#D55E00', therapist: '#444444', client: '#777777', muted: '#888888' } as const;

/** Escapes text for HTML element content and quoted attribute values; drops control characters. */
export function escapeHtml(text: string): string {
  return toOneLine(text).replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** An element with escaped attribute values; `content` is markup already. Attributes set to `undefined` are left out. */
export function tag(name: string, attributes: Record<string, string | number | undefined>, content = ''): string {
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeHtml(String(value))}"`)
    .join('');
  return `<${name}${attrs}>${content}</${name}>`;
}

/**
 * A table in a box that scrolls sideways on its own when the window is narrow, so the page
 * itself never does; it takes keyboard focus and a name, so a keyboard can scroll it too.
 * The page's script takes both away while the table fits (see `SCROLL_SCRIPT`).
 */
export function wrapScrollable(label: string, table: string): string {
  return tag('div', { class: 'scroll', role: 'region', tabindex: 0, 'aria-label': label }, table);
}

/** The mark of a finding at (x, y): a circle for techniques, a triangle for pitfalls, a diamond for session findings. */
export function drawMarkShape(kind: 'technique' | 'pitfall' | 'session', x: number, y: number, size: number): string {
  const r = size;
  if (kind === 'technique') return `<circle cx="${fix(x)}" cy="${fix(y)}" r="${fix(r)}"/>`;
  if (kind === 'pitfall') return `<path d="M${fix(x)} ${fix(y - r)}L${fix(x + r)} ${fix(y + r * 0.8)}L${fix(x - r)} ${fix(y + r * 0.8)}Z"/>`;
  return `<path d="M${fix(x)} ${fix(y - r)}L${fix(x + r)} ${fix(y)}L${fix(x)} ${fix(y + r)}L${fix(x - r)} ${fix(y)}Z"/>`;
}

/** A coordinate with at most one decimal, so the markup stays short and deterministic. */
export function fix(value: number): string {
  return String(Math.round(value * 10) / 10);
}
