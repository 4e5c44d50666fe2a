/**
 * Thrown by a layer's shape rule. The message becomes the diagnostic; `param` points it at the
 * parameter that is to blame (otherwise it lands on the layer's input reference).
 */
export class ShapeError extends Error {
  readonly code: string;
  readonly param: readonly (string | number)[] | undefined;
  readonly hint: string | undefined;

  constructor(
    message: string,
    options: { code?: string; param?: string | readonly (string | number)[]; hint?: string } = {},
  ) {
    super(message);
    this.name = 'ShapeError';
    this.code = options.code ?? 'shape/incompatible';
    this.param = typeof options.param === 'string' ? [options.param] : options.param;
    this.hint = options.hint;
  }
}
