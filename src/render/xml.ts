/** Helpers for writing standalone SVG by hand: escaping, numbers, the document around a drawing. */

// The JUnit formatter's escaping: entities for markup and quotes, U+FFFD for what XML cannot hold.
import { escapeXml } from '../diagnostics/formatters/junit.js';

export { escapeXml };

/** A coordinate, rounded to a tenth: shorter files, identical drawings. */
export const num = (n: number): string => String(Math.round(n * 10) / 10);

/** Monospace fonts that are nearly everywhere: their advance is ~0.6 em, which the box sizes assume. */
const MONO = "'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace";
/** Advance of one column of MONO, in em, with a little room for the widest of those fonts. */
export const MONO_ADVANCE = 0.62;

/** A standalone SVG document: no external fonts, style sheets or scripts. */
export function svgDocument(width: number, height: number, title: string, body: readonly string[]): string {
  const w = num(Math.ceil(width));
  const h = num(Math.ceil(height));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="${escapeXml(MONO)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
