/**
 * The Lambda expression language's syntax tree: plain data, positions as offsets into the
 * expression text (`start` inclusive, `end` exclusive). Produced by the parser, read by the static
 * shape rules and by the tfjs evaluator; never executed as code.
 */
export interface Span {
  start: number;
  end: number;
}

export type BinaryOp = '+' | '-' | '*' | '/' | '//' | '%' | '**' | '@' | '==' | '!=' | '<' | '<=' | '>' | '>=';
export type UnaryOp = '-' | '+';

export type Expr =
  | { kind: 'number'; value: number; /** written without a dot or exponent */ integer: boolean; span: Span }
  | { kind: 'bool'; value: boolean; span: Span }
  | { kind: 'name'; name: string; span: Span }
  /** `[a, b]` or `(a, b)`: a list of values (shapes, axes, tensors for concat/stack). */
  | { kind: 'list'; items: Expr[]; span: Span }
  | { kind: 'unary'; op: UnaryOp; operand: Expr; span: Span }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; span: Span }
  | { kind: 'call'; callee: string; calleeSpan: Span; args: Expr[]; kwargs: Kwarg[]; span: Span }
  | { kind: 'index'; target: Expr; items: IndexItem[]; span: Span };

export interface Kwarg {
  name: string;
  nameSpan: Span;
  value: Expr;
}

/** One item between the brackets of `x[...]`, NumPy's basic indexing. */
export type IndexItem =
  | { kind: 'slice'; start?: Expr; stop?: Expr; step?: Expr; span: Span }
  | { kind: 'ellipsis'; span: Span }
  /** `None`: a new axis of size 1. */
  | { kind: 'newaxis'; span: Span }
  /** An integer (possibly a bound name or arithmetic on them): selects and drops the axis. */
  | { kind: 'at'; index: Expr; span: Span };

/** A parsed Lambda: an optional `lambda a, b:` prefix naming the inputs by position, and the body. */
export interface Program {
  params?: { name: string; span: Span }[];
  body: Expr;
}
