import type { Expr } from './ast.js';

/**
 * Compile-time values of a Lambda expression: what indices, axes, shapes and slice bounds are
 * made of. Folding them statically is what lets `x[:, :, index:index+1]` have a known shape.
 */
export type Constant = number | boolean | number[];

/** `None` is parsed as the name `None`; it means "no value" where a parameter allows it. */
export function isNone(expr: Expr): boolean {
  return expr.kind === 'name' && expr.name === 'None';
}

/**
 * The value of `expr` if it is made only of literals, bound constant names, arithmetic, unary
 * signs, comparisons, lists of numbers and integer indexing of such lists; otherwise (a tensor,
 * a call, division by zero, a non-finite result) `undefined`. Python semantics: `//` floors,
 * `%` takes the divisor's sign, booleans count as 0 and 1 in arithmetic.
 */
export function constantValue(expr: Expr, constants: ReadonlyMap<string, Constant>): Constant | undefined {
  switch (expr.kind) {
    case 'number':
    case 'bool':
      return expr.value;
    case 'name':
      return constants.get(expr.name);
    case 'list': {
      const out: number[] = [];
      for (const item of expr.items) {
        const v = constantValue(item, constants);
        if (typeof v === 'number') out.push(v);
        else if (typeof v === 'boolean') out.push(v ? 1 : 0);
        else return undefined;
      }
      return out;
    }
    case 'unary': {
      const v = scalar(constantValue(expr.operand, constants));
      if (v === undefined) return undefined;
      return expr.op === '-' ? -v : v;
    }
    case 'binary': {
      const a = scalar(constantValue(expr.left, constants));
      const b = scalar(constantValue(expr.right, constants));
      if (a === undefined || b === undefined) return undefined;
      return finite(applyScalar(expr.op, a, b));
    }
    case 'index': {
      const target = constantValue(expr.target, constants);
      if (!Array.isArray(target) || expr.items.length !== 1 || expr.items[0].kind !== 'at') return undefined;
      const i = scalar(constantValue(expr.items[0].index, constants));
      if (i === undefined || !Number.isInteger(i) || i < -target.length || i >= target.length) return undefined;
      return target[i < 0 ? i + target.length : i];
    }
    case 'call':
      return undefined;
  }
}

function scalar(v: Constant | undefined): number | undefined {
  if (typeof v === 'boolean') return v ? 1 : 0;
  return typeof v === 'number' ? v : undefined;
}

function finite(v: Constant | undefined): Constant | undefined {
  return typeof v === 'number' && !Number.isFinite(v) ? undefined : v;
}

/** One binary operator on two numbers, as Python computes it; `undefined` where Python raises. */
export function applyScalar(op: string, a: number, b: number): Constant | undefined {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return b === 0 ? undefined : a / b;
    case '//': return b === 0 ? undefined : Math.floor(a / b);
    case '%': return b === 0 ? undefined : a - b * Math.floor(a / b);
    case '**': return a === 0 && b < 0 ? undefined : a ** b;
    case '==': return a === b;
    case '!=': return a !== b;
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
    default: return undefined; // '@' has no scalar meaning
  }
}
