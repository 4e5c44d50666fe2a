import type { Span } from './ast.js';

/**
 * The Lambda language's tokenizer. It knows only numbers, identifiers and a fixed set of
 * operators; anything that smells of code injection (strings, `;`, `.attr`, backticks, `${`)
 * is refused here with a message that says why, so nothing of it ever reaches the parser.
 */
export type Token =
  | { kind: 'number'; value: number; integer: boolean; span: Span }
  | { kind: 'name'; name: string; span: Span }
  | { kind: 'op'; op: string; span: Span }
  | { kind: 'end'; span: Span };

/** A tokenizer or parser failure; `code` tells `syntax` from `too-complex`. */
export class ExprSyntaxError extends Error {
  constructor(
    message: string,
    readonly span: Span,
    readonly hint?: string,
    readonly code: 'expr/syntax' | 'expr/too-complex' = 'expr/syntax',
  ) {
    super(message);
  }
}

/** Longest first, so `//` wins over `/` and `**` over `*`. */
const OPERATORS = ['...', '**', '//', '==', '!=', '<=', '>=', '+', '-', '*', '/', '%', '@', '<', '>', '(', ')', '[', ']', ',', ':', '='];

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;

/** Characters that are refused with a specific explanation. */
function refusal(ch: string, text: string, at: number): { message: string; hint?: string } | undefined {
  if (ch === '"' || ch === "'") {
    return { message: 'strings are not part of the expression language', hint: 'a Lambda expression computes on tensors and numbers only; pass values through `arguments:`' };
  }
  if (ch === '`') return { message: 'backticks are not part of the expression language' };
  if (ch === ';') return { message: "';' is not allowed: a Lambda is a single expression" };
  if (ch === '$') return { message: "'$' is not part of the expression language" };
  if (ch === '{' || ch === '}') return { message: `'${ch}' is not part of the expression language`, hint: 'lists are written [a, b]' };
  if (ch === '.') {
    const rest = /^\.([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(at, at + 70));
    return {
      message: rest ? `attribute access ('.${rest[1]}') is not allowed` : "'.' is only allowed in numbers (1.5) and as '...' in an index",
      hint: 'only the listed functions can be called, as f(x, axis=...)',
    };
  }
  if (ch === '!') return { message: "'!' is not an operator here", hint: "use '!=' to compare" };
  if (ch === '&' || ch === '|' || ch === '^' || ch === '~') return { message: `'${ch}' (bitwise/logical operator) is not supported`, hint: 'use where(condition, x, y) for a choice' };
  if (ch === '\\') return { message: "'\\' is not part of the expression language" };
  if (ch === '#') return { message: 'comments are not allowed in an expression' };
  return undefined;
}

/** Splits `text` into tokens; throws ExprSyntaxError with the offending character's span. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (DIGIT.test(ch) || (ch === '.' && i + 1 < n && DIGIT.test(text[i + 1]))) {
      let integer = true;
      while (i < n && DIGIT.test(text[i])) i++;
      if (text[i] === '.' && text[i + 1] !== '.') {
        integer = false;
        i++;
        while (i < n && DIGIT.test(text[i])) i++;
      }
      if (text[i] === 'e' || text[i] === 'E') {
        let j = i + 1;
        if (text[j] === '+' || text[j] === '-') j++;
        if (j < n && DIGIT.test(text[j])) {
          integer = false;
          i = j;
          while (i < n && DIGIT.test(text[i])) i++;
        }
      }
      if (i < n && IDENT_PART.test(text[i])) {
        let j = i;
        while (j < n && IDENT_PART.test(text[j])) j++;
        throw new ExprSyntaxError(`invalid number '${text.slice(start, j)}'`, { start, end: j });
      }
      const value = Number(text.slice(start, i));
      if (!Number.isFinite(value)) throw new ExprSyntaxError(`number '${text.slice(start, i)}' is too large`, { start, end: i });
      tokens.push({ kind: 'number', value, integer, span: { start, end: i } });
      continue;
    }
    if (IDENT_START.test(ch)) {
      while (i < n && IDENT_PART.test(text[i])) i++;
      tokens.push({ kind: 'name', name: text.slice(start, i), span: { start, end: i } });
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      i += op.length;
      tokens.push({ kind: 'op', op, span: { start, end: i } });
      continue;
    }
    const cp = text.codePointAt(i) ?? 0;
    const width = cp > 0xffff ? 2 : 1;
    const refused = refusal(ch, text, i);
    if (refused) throw new ExprSyntaxError(refused.message, { start, end: start + width }, refused.hint);
    const shown = cp < 0x20 || cp === 0x7f ? `U+${cp.toString(16).toUpperCase().padStart(4, '0')}` : `'${String.fromCodePoint(cp)}'`;
    throw new ExprSyntaxError(`unexpected character ${shown}`, { start, end: start + width });
  }
  tokens.push({ kind: 'end', span: { start: n, end: n } });
  return tokens;
}
