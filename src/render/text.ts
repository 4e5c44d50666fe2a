/**
 * Label text from model files, made safe to show before any format-specific escaping: names and
 * messages come from files that may be hostile, so characters that can hide or reorder text
 * (controls, bidirectional overrides, zero-width marks) are shown as `\u{...}` instead.
 */

// C0/C1 controls and DEL; bidi embeddings, overrides and isolates; zero-width and BOM; separators
// that break lines in some renderers; unpaired surrogates (not valid in XML or UTF-8: with the u
// flag a surrogate range matches only those).
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff\ud800-\udfff]/gu;

/** One line of text with every hidden or line-breaking character written out as `\u{hex}`. */
export function printable(text: string): string {
  return text.replace(HIDDEN, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}

/** Paragraphs (split at newlines) wrapped at `width` columns, at spaces where possible. */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    let line = '';
    for (const word of printable(paragraph).split(' ')) {
      let rest = word;
      while (columns(rest) > width) {
        // A word longer than a line: break it, after what fits of the current line.
        const room = line ? width - columns(line) - 1 : width;
        if (room < 8 && line) {
          lines.push(line);
          line = '';
          continue;
        }
        const head = sliceColumns(rest, room);
        lines.push(line ? `${line} ${head}` : head);
        line = '';
        rest = rest.slice(head.length);
      }
      if (!line) line = rest;
      else if (columns(line) + 1 + columns(rest) <= width) line += ` ${rest}`;
      else {
        lines.push(line);
        line = rest;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** Wide (East Asian, emoji) characters take two columns of a monospace font, combining marks none. */
function charColumns(code: number): number {
  if ((code >= 0x300 && code <= 0x36f) || (code >= 0xfe00 && code <= 0xfe0f)) return 0;
  if (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

/** Width of `text` in monospace columns. */
export function columns(text: string): number {
  let n = 0;
  for (const c of text) n += charColumns(c.codePointAt(0)!);
  return n;
}

/** The longest prefix of `text` (whole code points) that fits in `width` columns, at least one character. */
function sliceColumns(text: string, width: number): string {
  let n = 0;
  let end = 0;
  for (const c of text) {
    const w = charColumns(c.codePointAt(0)!);
    if (n + w > width && end > 0) break;
    n += w;
    end += c.length;
  }
  return text.slice(0, end);
}
