/**
 * Text from a model file (a key, a layer name, a value) shown in a terminal or a CI log: control
 * characters and the invisible bidirectional controls are written as \uXXXX escapes, so that a
 * hostile file cannot clear the screen, recolour the log, forge a line of output with a newline
 * or reorder what is shown (Trojan Source). Everything else is left as it is.
 */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `keepLineBreaks`: CR and LF stay, for a format that encodes them itself (GitHub's %0A). */
export function printable(text: string, keepLineBreaks = false): string {
  return text.replace(UNPRINTABLE, (c) => (keepLineBreaks && (c === '\n' || c === '\r') ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
