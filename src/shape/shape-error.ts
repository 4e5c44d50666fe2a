/**
 * Thrown by a layer's shape rule. The message becomes the diagnostic; `param` points it at the
 * parameter that is to blame (otherwise it lands on the layer's input reference).
 */
export class ShapeError extends Error {
  readonly code: string;
  readonly param: readonly (string | number)[] | undefined;
  readonly hint: string | undefined;
  /** Offsets into the string value of `param` (a Lambda expression) where the problem is. */
  readonly span: { start: number; end: number } | undefined;

  constructor(
    message: string,
    options: { code?: string; param?: string | readonly (string | number)[]; hint?: string; span?: { start: number; end: number } } = {},
  ) {
    super(message);
    this.name = 'ShapeError';
    this.code = options.code ?? 'shape/incompatible';
    this.param = typeof options.param === 'string' ? [options.param] : options.param;
    this.hint = options.hint;
    this.span = options.span;
  }
}
