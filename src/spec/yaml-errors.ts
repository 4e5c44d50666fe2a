import { isAlias, isCollection, isPair, type Document, type Node, type YAMLError } from 'yaml';

/**
 * Plain-language versions of the YAML parser's syntax errors, placed where the mistake is (the
 * unclosed bracket, the misaligned key) rather than where the parser noticed it.
 */
export interface SyntaxProblem {
  message: string;
  hint: string;
  /** Offsets in the text: where the diagnostic starts and ends. */
  start: number;
  end: number;
}

/** Parser codes that are plain syntax errors (not duplicate keys, tags or extra documents). */
const NOT_SYNTAX = new Set(['DUPLICATE_KEY', 'TAG_RESOLVE_FAILED', 'MULTIPLE_DOCS']);

/**
 * One syntax error usually makes the parser report several more after it. Every tab is its own
 * mistake and is kept; of the other syntax errors only the first is kept, and only when no tab
 * comes before it.
 */
export function keepRootCauses(problems: readonly YAMLError[]): YAMLError[] {
  const syntax = problems.filter((p) => !NOT_SYNTAX.has(p.code)).sort((a, b) => a.pos[0] - b.pos[0]);
  const firstTab = syntax.find((p) => p.code === 'TAB_AS_INDENT');
  const firstOther = syntax.find((p) => p.code !== 'TAB_AS_INDENT');
  const kept = new Set<YAMLError>(syntax.filter((p) => p.code === 'TAB_AS_INDENT'));
  if (firstOther && (!firstTab || firstOther.pos[0] < firstTab.pos[0])) kept.add(firstOther);
  return problems.filter((p) => NOT_SYNTAX.has(p.code) || kept.has(p));
}

export function explainSyntaxError(problem: YAMLError, all: readonly YAMLError[], text: string): SyntaxProblem {
  const [start, end] = problem.pos;
  const parserMessage = problem.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  if (problem.code === 'TAB_AS_INDENT') {
    return { start, end, message: 'YAML syntax: a tab is used for indentation; YAML allows only spaces',
      hint: 'indent with spaces (set the editor to insert spaces in .yaml files)' };
  }
  const unclosed = /end with an? ([\]}])/.exec(parserMessage);
  if (unclosed) {
    const closer = unclosed[1];
    const opener = unclosedOpener(text, start, closer === ']' ? '[' : '{');
    const what = closer === ']' ? 'list' : 'mapping';
    if (opener !== undefined) {
      return { start: opener, end: opener + 1, message: `YAML syntax: this \`${text[opener]}\` is never closed`,
        hint: `add the missing \`${closer}\` at the end of the ${what}` };
    }
    return { start, end, message: `YAML syntax: a ${what} in brackets is not closed before this point`,
      hint: `add the missing \`${closer}\`` };
  }
  const quote = /^Missing closing (["'])quote/.exec(parserMessage);
  if (quote) {
    // The parser notices at the end of the file; the mistake is where the quote opened.
    const opener = unclosedQuote(text, start, quote[1]);
    if (opener !== undefined) {
      return { start: opener, end: opener + 1, message: `YAML syntax: this \`${quote[1]}\` is never closed`,
        hint: `add the missing \`${quote[1]}\` at the end of the text` };
    }
  }
  if (/must start at the same column/.test(parserMessage)) {
    const first = firstNonSpace(text, lineStart(text, start));
    return { start: first, end: first + 1, message: 'YAML syntax: this line is not aligned with the items above it',
      hint: 'indent it by exactly as many spaces as the other keys (or list items) of the same mapping' };
  }
  if (problem.code === 'BLOCK_AS_IMPLICIT_KEY' && all.some((p) => p.code === 'MULTILINE_IMPLICIT_KEY' && p.pos[0] === start)) {
    // `input: x` followed by a line indented deeper: YAML reads that line as the rest of `x`.
    const next = text.indexOf('\n', start);
    const at = next < 0 ? start : firstNonSpace(text, next + 1);
    return { start: at, end: at + 1, message: 'YAML syntax: this line is indented deeper than the key above it, so YAML reads it as part of that value',
      hint: 'indent it by exactly as many spaces as the other keys of the same mapping' };
  }
  if (problem.code === 'BLOCK_AS_IMPLICIT_KEY') {
    return { start, end, message: `YAML syntax: ${parserMessage}`,
      hint: 'a `key: value` inside a value needs its own indented line, or braces: `{ key: value }`' };
  }
  return { start, end, message: `YAML syntax: ${parserMessage}`,
    hint: 'check this line and the one before it: indentation (spaces only), brackets, quotes, and a space after each `:`' };
}

/**
 * Walks `text` up to `upto` as YAML reads it, skipping comments and quoted scalars, and calls
 * `visit` for every other character. Returns the offset of a quote still open at `upto`, if any.
 */
function scanUnquoted(text: string, upto: number, visit: (c: string, i: number) => void): number | undefined {
  for (let i = 0; i < upto && i < text.length; i++) {
    const c = text[i];
    const prev = i === 0 ? '\n' : text[i - 1];
    if (c === '#' && /\s/.test(prev)) {
      while (i < upto && text[i] !== '\n') i++;
    } else if ((c === '"' || c === "'") && /[\s[{,:]/.test(prev)) {
      const open = i;
      for (i++; ; i++) {
        if (i >= upto || i >= text.length) return open;
        if (c === '"' && text[i] === '\\') i++;
        else if (text[i] === c) {
          if (c === "'" && text[i + 1] === "'") i++;
          else break;
        }
      }
    } else visit(c, i);
  }
  return undefined;
}

/** The innermost `[` or `{` still open at `upto`, skipping quoted strings and comments. */
function unclosedOpener(text: string, upto: number, wanted: '[' | '{'): number | undefined {
  const stack: number[] = [];
  let mismatched: number | undefined;
  scanUnquoted(text, upto, (c, i) => {
    if (c === '[' || c === '{') stack.push(i);
    else if (c === ']' || c === '}') {
      const open = c === ']' ? '[' : '{';
      const top = stack.pop();
      if (top !== undefined && text[top] !== open) {
        if (text[top] === wanted && mismatched === undefined) mismatched = top;
        if (stack.length > 0 && text[stack[stack.length - 1]] === open) stack.pop();
      }
    }
  });
  for (let k = stack.length - 1; k >= 0; k--) if (text[stack[k]] === wanted) return stack[k];
  return mismatched;
}

/** The quote that opens a scalar before `upto` and is still open there. */
function unclosedQuote(text: string, upto: number, wanted: string): number | undefined {
  const open = scanUnquoted(text, upto, () => undefined);
  return open !== undefined && text[open] === wanted ? open : undefined;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function firstNonSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

/**
 * Where an alias bomb multiplies: the innermost node whose expansion (aliases followed) exceeds
 * `cap` nodes. Sizes are memoised per node, so this is linear in the document, not in the bomb.
 */
export function aliasBombAt(doc: Document, cap: number): { node: Node; size: number } | undefined {
  const sizes = new Map<unknown, number>();
  const resolve = (node: unknown): unknown => (isAlias(node) ? node.resolve(doc) : node);
  const sizeOf = (node: unknown): number => {
    const target = resolve(node);
    if (target === null || target === undefined) return 1;
    const known = sizes.get(target);
    if (known !== undefined) return known;
    sizes.set(target, 1); // an alias that refers to its own ancestor counts once
    let size = 1;
    if (isPair(target)) size = sizeOf(target.key) + sizeOf(target.value);
    else if (isCollection(target)) for (const item of target.items) size = Math.min(size + sizeOf(item), Number.MAX_SAFE_INTEGER);
    sizes.set(target, size);
    return size;
  };
  sizeOf(doc.contents);
  const children = (node: unknown): unknown[] => {
    if (isPair(node)) return [node.key, node.value];
    return isCollection(node) ? node.items : [];
  };
  // Descend from the root through children over the cap (following aliases); stop where none is.
  let current: unknown = doc.contents;
  if (sizeOf(current) <= cap) return undefined;
  const visited = new Set<unknown>();
  for (;;) {
    visited.add(current);
    const over = children(current).find((c) => sizeOf(c) > cap);
    const next = over === undefined ? undefined : resolve(over);
    if (next === undefined || visited.has(next)) break;
    current = next;
  }
  // A pair is not a node with a range of its own: report its value.
  const node = (isPair(current) ? current.value : current) as Node | null;
  return node?.range ? { node, size: sizes.get(current) ?? 0 } : undefined;
}
