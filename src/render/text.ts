import { printable } from '../diagnostics/formatters/printable.js';

/**
 * Label text from model files, laid out in lines before any format-specific escaping. Names and
 * messages come from files that may be hostile: control and bidirectional characters are shown
 * as `\uXXXX` escapes, as the terminal formats show them (printable).
 */

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
