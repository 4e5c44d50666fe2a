import type { BinaryOp, Expr, IndexItem, Kwarg, Program, Span } from './ast.js';
import { ExprSyntaxError, tokenize, type Token } from './tokens.js';

/**
 * The Lambda expression parser: recursive descent with Python's precedence, from lowest to
 * highest: comparison < `+ -` < `* / // % @` < unary `- +` < `**` (right-associative, binding
 * tighter than a unary minus on its left: `-x ** 2` is `-(x ** 2)`) < call and index. It builds
 * plain data (ast.ts) and never evaluates anything. Nesting is limited so that hostile input
 * cannot overflow the stack of the parser or of any later tree walk.
 */

/** A problem with the expression text, at offsets into it. */
export interface ExprError {
  message: string;
  span: Span;
  hint?: string;
  /** The diagnostic code (expr/syntax, expr/unknown-name, ...); expr/syntax when absent. */
  code?: string;
  /** The `arguments:` key to blame rather than the expression (a name clash). */
  argument?: string;
}

/** Brackets, calls, unary operators and `**` nested deeper than this are refused. */
export const MAX_NESTING = 64;
/** Syntax trees deeper than this (e.g. a sum of hundreds of terms) are refused. */
export const MAX_TREE_DEPTH = 200;
/** Longer texts are refused before tokenizing (the schema caps `expr` at 4000 characters). */
export const MAX_LENGTH = 4000;
/** Expressions with more syntax-tree nodes than this are refused: each is shape-checked and run per batch. */
export const MAX_NODES = 1000;

const KEYWORDS = new Set(['lambda', 'True', 'False', 'None']);
/** Python keywords that have no meaning here; refused with a clear message. */
const PYTHON_KEYWORDS = new Set([
  'and', 'or', 'not', 'if', 'else', 'for', 'in', 'is', 'import', 'from', 'def', 'class', 'return', 'yield', 'await', 'async',
  'while', 'with', 'as', 'del', 'global', 'nonlocal', 'pass', 'raise', 'try', 'except', 'finally', 'assert', 'break', 'continue',
]);

function pythonKeyword(name: string, span: Span): ExprSyntaxError {
  return new ExprSyntaxError(`Python's '${name}' is not part of the expression language`, span, name === 'if' || name === 'else' ? 'use where(condition, x, y)' : undefined);
}

const SYNTAX_HINT = 'a Lambda expression is one arithmetic expression over the inputs, numbers, `arguments:` names and the listed functions, e.g. "x ** 2" or "sum(x, axis=-1)"';

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const ADDITIVE = new Set(['+', '-']);
const MULTIPLICATIVE = new Set(['*', '/', '//', '%', '@']);

export function parseProgram(text: string): { ok: true; program: Program } | { ok: false; error: ExprError } {
  try {
    if (text.length > MAX_LENGTH) {
      throw new ExprSyntaxError(`the expression is ${text.length} characters long; at most ${MAX_LENGTH} are allowed`, { start: MAX_LENGTH, end: text.length }, 'split it into several Lambda layers', 'expr/too-complex');
    }
    return { ok: true, program: new Parser(text, tokenize(text)).program() };
  } catch (error) {
    if (error instanceof ExprSyntaxError) {
      // Every refusal says what to write instead; the specific hint where there is one.
      const e: ExprError = { message: error.message, span: error.span, code: error.code, hint: error.hint ?? SYNTAX_HINT };
      return { ok: false, error: e };
    }
    throw error;
  }
}

/** Depth of a syntax tree, from the depths recorded when its nodes were built. */
type Depth = WeakMap<object, number>;

class Parser {
  private pos = 0;
  private nesting = 0;
  private readonly depth: Depth = new WeakMap();
  private nodes = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  program(): Program {
    let params: Program['params'];
    if (this.isName('lambda')) {
      this.pos++;
      params = [];
      while (!this.isOp(':')) {
        const t = this.peek();
        if (t.kind !== 'name' || KEYWORDS.has(t.name) || PYTHON_KEYWORDS.has(t.name)) {
          throw this.unexpected(t, "a parameter name or ':'", "write e.g. 'lambda a, b: a + b'");
        }
        if (params.some((p) => p.name === t.name)) throw new ExprSyntaxError(`duplicate lambda parameter '${t.name}'`, t.span);
        params.push({ name: t.name, span: t.span });
        this.pos++;
        if (this.isOp(',')) this.pos++;
        else if (!this.isOp(':')) throw this.unexpected(this.peek(), "',' or ':'");
      }
      this.pos++;
    }
    const body = this.expression();
    const end = this.peek();
    if (end.kind !== 'end') throw this.unexpected(end, 'an operator or the end of the expression');
    return params ? { params, body } : { body };
  }

  // --- precedence levels -------------------------------------------------------------------

  private expression(): Expr {
    const left = this.arith();
    const t = this.peek();
    if (t.kind === 'op' && COMPARISONS.has(t.op)) {
      this.pos++;
      const right = this.arith();
      const next = this.peek();
      if (next.kind === 'op' && COMPARISONS.has(next.op)) {
        throw new ExprSyntaxError('chained comparisons (a < b < c) are not supported', next.span, 'compare two values at a time');
      }
      return this.binary(t.op as BinaryOp, left, right);
    }
    if (t.kind === 'op' && t.op === '=') throw new ExprSyntaxError("'=' is not allowed here", t.span, "use '==' to compare; '=' only names a keyword argument, as in sum(x, axis=1)");
    return left;
  }

  private arith(): Expr {
    let left = this.term();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || !ADDITIVE.has(t.op)) return left;
      this.pos++;
      left = this.binary(t.op as BinaryOp, left, this.term());
    }
  }

  private term(): Expr {
    let left = this.factor();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || !MULTIPLICATIVE.has(t.op)) return left;
      this.pos++;
      left = this.binary(t.op as BinaryOp, left, this.factor());
    }
  }

  private factor(): Expr {
    const t = this.peek();
    if (t.kind === 'op' && (t.op === '-' || t.op === '+')) {
      this.pos++;
      const operand = this.nested(t, () => this.factor());
      return this.node({ kind: 'unary', op: t.op, operand, span: { start: t.span.start, end: operand.span.end } }, [operand]);
    }
    return this.power();
  }

  private power(): Expr {
    const base = this.postfix();
    const t = this.peek();
    if (t.kind === 'op' && t.op === '**') {
      this.pos++;
      const exponent = this.nested(t, () => this.factor());
      return this.binary('**', base, exponent);
    }
    return base;
  }

  private postfix(): Expr {
    let expr = this.atom();
    for (;;) {
      const t = this.peek();
      if (t.kind === 'op' && t.op === '(') {
        if (expr.kind !== 'name') {
          throw new ExprSyntaxError('only the listed functions can be called, by name', { start: expr.span.start, end: t.span.end }, 'write e.g. sum(x, axis=1)');
        }
        expr = this.nested(t, () => this.call(expr as Extract<Expr, { kind: 'name' }>));
      } else if (t.kind === 'op' && t.op === '[') {
        const target = expr;
        expr = this.nested(t, () => this.index(target));
      } else {
        return expr;
      }
    }
  }

  private atom(): Expr {
    const t = this.peek();
    if (t.kind === 'number') {
      this.pos++;
      return this.node({ kind: 'number', value: t.value, integer: t.integer, span: t.span }, []);
    }
    if (t.kind === 'name') {
      if (t.name === 'True' || t.name === 'False') {
        this.pos++;
        return this.node({ kind: 'bool', value: t.name === 'True', span: t.span }, []);
      }
      if (t.name === 'lambda') throw new ExprSyntaxError("'lambda' may only start the expression, as in 'lambda a, b: a + b'", t.span);
      if (PYTHON_KEYWORDS.has(t.name)) {
        throw pythonKeyword(t.name, t.span);
      }
      this.pos++;
      // `None` is kept as a name: it means "no value" where a function parameter allows it.
      return this.node({ kind: 'name', name: t.name, span: t.span }, []);
    }
    if (t.kind === 'op' && (t.op === '(' || t.op === '[')) {
      return this.nested(t, () => this.group(t));
    }
    throw this.unexpected(t, 'a number, a name or an opening bracket');
  }

  // --- compound forms ----------------------------------------------------------------------

  /** `(a)`, `(a, b)`, `()`, `[a, b]`, `[]`: parentheses group; a comma or brackets make a list. */
  private group(open: Token & { kind: 'op' }): Expr {
    this.pos++;
    const close = open.op === '(' ? ')' : ']';
    const items: Expr[] = [];
    let comma = false;
    while (!this.isOp(close)) {
      items.push(this.expression());
      if (this.isOp(',')) {
        comma = true;
        this.pos++;
      } else if (!this.isOp(close)) {
        throw this.unexpected(this.peek(), `',' or '${close}'`, this.unclosedHint(open));
      }
    }
    const end = this.peek().span.end;
    this.pos++;
    const span = { start: open.span.start, end };
    if (open.op === '(' && items.length === 1 && !comma) {
      return items[0]; // a parenthesized expression keeps its own span
    }
    return this.node({ kind: 'list', items, span }, items);
  }

  private call(callee: Extract<Expr, { kind: 'name' }>): Expr {
    const open = this.peek();
    this.pos++;
    const args: Expr[] = [];
    const kwargs: Kwarg[] = [];
    while (!this.isOp(')')) {
      const t = this.peek();
      const next = this.peekAt(1);
      if (t.kind === 'name' && next.kind === 'op' && next.op === '=') {
        if (kwargs.some((k) => k.name === t.name)) throw new ExprSyntaxError(`keyword argument '${t.name}' is given twice`, t.span);
        this.pos += 2;
        kwargs.push({ name: t.name, nameSpan: t.span, value: this.expression() });
      } else {
        const value = this.expression();
        if (kwargs.length > 0) throw new ExprSyntaxError('a positional argument cannot follow a keyword argument', value.span);
        args.push(value);
      }
      if (this.isOp(',')) this.pos++;
      else if (!this.isOp(')')) throw this.unexpected(this.peek(), "',' or ')'", this.unclosedHint(open));
    }
    const end = this.peek().span.end;
    this.pos++;
    const children = [...args, ...kwargs.map((k) => k.value)];
    return this.node({ kind: 'call', callee: callee.name, calleeSpan: callee.span, args, kwargs, span: { start: callee.span.start, end } }, children);
  }

  private index(target: Expr): Expr {
    const open = this.peek();
    this.pos++;
    const items: IndexItem[] = [];
    const children: Expr[] = [target];
    if (this.isOp(']')) throw new ExprSyntaxError('an index needs at least one item, e.g. x[:, 0]', { start: open.span.start, end: this.peek().span.end });
    while (!this.isOp(']')) {
      const t = this.peek();
      const after = this.peekAt(1);
      const ends = after.kind === 'op' && (after.op === ',' || after.op === ']');
      if (t.kind === 'op' && t.op === '...') {
        if (items.some((i) => i.kind === 'ellipsis')) throw new ExprSyntaxError("an index can only have a single ellipsis ('...')", t.span);
        this.pos++;
        items.push({ kind: 'ellipsis', span: t.span });
      } else if (t.kind === 'name' && t.name === 'None' && ends) {
        this.pos++;
        items.push({ kind: 'newaxis', span: t.span });
      } else {
        items.push(this.sliceOrIndex(children));
      }
      if (this.isOp(',')) this.pos++;
      else if (!this.isOp(']')) throw this.unexpected(this.peek(), "',' or ']'", this.unclosedHint(open));
    }
    const end = this.peek().span.end;
    this.pos++;
    return this.node({ kind: 'index', target, items, span: { start: target.span.start, end } }, children);
  }

  /** `a`, `a:b`, `a:b:c` with any part omitted; `None` as a bound means omitted, as in Python. */
  private sliceOrIndex(children: Expr[]): IndexItem {
    const startToken = this.peek();
    const bound = (): Expr | undefined => {
      if (this.isOp(':') || this.isOp(',') || this.isOp(']')) return undefined;
      const e = this.expression();
      children.push(e);
      return e.kind === 'name' && e.name === 'None' ? undefined : e;
    };
    const first = bound();
    if (!this.isOp(':')) {
      if (!first) throw this.unexpected(this.peek(), 'an index or a slice');
      return { kind: 'at', index: first, span: first.span };
    }
    let endOffset = this.peek().span.end;
    this.pos++;
    const stop = bound();
    if (stop) endOffset = stop.span.end;
    let step: Expr | undefined;
    if (this.isOp(':')) {
      endOffset = this.peek().span.end;
      this.pos++;
      step = bound();
      if (step) endOffset = step.span.end;
    }
    const item: IndexItem = { kind: 'slice', span: { start: startToken.span.start, end: endOffset } };
    if (first) item.start = first;
    if (stop) item.stop = stop;
    if (step) item.step = step;
    return item;
  }

  // --- helpers -----------------------------------------------------------------------------

  private binary(op: BinaryOp, left: Expr, right: Expr): Expr {
    return this.node({ kind: 'binary', op, left, right, span: { start: left.span.start, end: right.span.end } }, [left, right]);
  }

  /** Records the node's tree depth and refuses trees too deep for later recursive walks. */
  private node(expr: Expr, children: readonly Expr[]): Expr {
    let d = 1;
    for (const c of children) d = Math.max(d, (this.depth.get(c) ?? 1) + 1);
    if (d > MAX_TREE_DEPTH) {
      throw new ExprSyntaxError(`the expression is too deeply nested (more than ${MAX_TREE_DEPTH} levels)`, expr.span, 'split it into several Lambda layers', 'expr/too-complex');
    }
    if (++this.nodes > MAX_NODES) {
      throw new ExprSyntaxError(`the expression has more than ${MAX_NODES} parts (numbers, names, operators, calls)`, expr.span,
        'split it into several Lambda layers; pass long lists of constants through `arguments:`', 'expr/too-complex');
    }
    this.depth.set(expr, d);
    return expr;
  }

  /** Runs one level of syntactic nesting (a bracket, call, unary operator or `**`). */
  private nested<T>(at: Token, parse: () => T): T {
    if (++this.nesting > MAX_NESTING) {
      throw new ExprSyntaxError(`the expression nests more than ${MAX_NESTING} levels deep`, at.span, 'split it into several Lambda layers', 'expr/too-complex');
    }
    const result = parse();
    this.nesting--;
    return result;
  }

  private peek(): Token {
    return this.tokens[this.pos];
  }

  /** The token `ahead` places further on; the end token past the end. */
  private peekAt(ahead: number): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)];
  }

  private isOp(op: string): boolean {
    const t = this.tokens[this.pos];
    return t.kind === 'op' && t.op === op;
  }

  private isName(name: string): boolean {
    const t = this.tokens[this.pos];
    return t.kind === 'name' && t.name === name;
  }

  private unclosedHint(open: Token): string {
    return `the '${this.text.slice(open.span.start, open.span.end)}' at offset ${open.span.start} is not closed`;
  }

  private unexpected(t: Token, expected: string, hint?: string): ExprSyntaxError {
    if (t.kind === 'end') return new ExprSyntaxError(`unexpected end of expression; expected ${expected}`, t.span, hint);
    const shown = t.kind === 'name' ? `name '${t.name}'` : t.kind === 'number' ? `number ${this.text.slice(t.span.start, t.span.end)}` : `'${t.op}'`;
    if (t.kind === 'op' && t.op === '=') return new ExprSyntaxError("'=' is not allowed here", t.span, "use '==' to compare; '=' only names a keyword argument, as in sum(x, axis=1)");
    if (t.kind === 'name' && PYTHON_KEYWORDS.has(t.name)) return pythonKeyword(t.name, t.span);
    return new ExprSyntaxError(`unexpected ${shown}; expected ${expected}`, t.span, hint);
  }
}
