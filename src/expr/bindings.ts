import { didYouMean } from '../spec/names.js';
import type { Expr, Program, Span } from './ast.js';
import { FUNCTION_BY_NAME, FUNCTIONS } from './functions.js';
import type { ExprError } from './parser.js';
import type { Constant } from './static.js';

/**
 * What each name of a Lambda expression means. Names come from four places:
 *
 * 1. `lambda a, b: ...` names the inputs by position (their count must match);
 * 2. `x` is the input when there is exactly one and no `lambda` prefix (Keras's `lambda x:`);
 * 3. every input is also bound by its layer/input name (when that name is an identifier);
 * 4. `arguments:` values are bound as constants.
 *
 * A name may be bound twice only to the same input (e.g. a single input called `x`, or
 * `lambda a, b:` over inputs named `a` and `b`). Anything else is a clash and an error, never a
 * silent shadowing: an argument that has an input's name, a lambda parameter that names a
 * different input than the input of that name. Function names live apart: a name is looked up
 * in the allow-list only when it is called. `True`, `False`, `None` and `lambda` are reserved.
 */
export type Binding = { kind: 'input'; index: number } | { kind: 'constant'; value: Constant };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED = new Set(['True', 'False', 'None', 'lambda']);

export function bindNames(
  program: Program,
  inputNames: readonly string[],
  args: Readonly<Record<string, Constant>>,
): { ok: true; names: Map<string, Binding> } | { ok: false; error: ExprError } {
  const names = new Map<string, Binding>();
  const ambiguous = new Map<string, number[]>();
  const origin = new Map<string, string>();
  const firstUse = (name: string): Span => findName(program.body, name) ?? { start: 0, end: 0 };

  if (program.params) {
    if (program.params.length !== inputNames.length) {
      const last = program.params[program.params.length - 1];
      return fail('expr/invalid-argument', `the lambda names ${program.params.length} input${program.params.length === 1 ? '' : 's'} but the layer has ${inputNames.length} (${inputNames.join(', ')})`,
        { start: program.params[0]?.span.start ?? 0, end: last?.span.end ?? 6 }, `write one parameter per input, in the order of \`inputs\`: lambda ${inputNames.map((n, i) => (IDENTIFIER.test(n) && !RESERVED.has(n) ? n : `in${i}`)).join(', ')}: ...`);
    }
    program.params.forEach((p, index) => {
      names.set(p.name, { kind: 'input', index });
      origin.set(p.name, `lambda parameter ${index + 1}`);
    });
  } else if (inputNames.length === 1) {
    names.set('x', { kind: 'input', index: 0 });
    origin.set('x', 'the single input');
  }

  for (let index = 0; index < inputNames.length; index++) {
    const name = inputNames[index];
    if (!IDENTIFIER.test(name) || RESERVED.has(name)) continue;
    const existing = names.get(name);
    if (existing === undefined) {
      if (ambiguous.has(name)) ambiguous.get(name)!.push(index);
      else {
        names.set(name, { kind: 'input', index });
        origin.set(name, `input '${name}'`);
      }
    } else if (existing.kind === 'input' && existing.index !== index) {
      if (origin.get(name)?.startsWith('lambda')) {
        const param = program.params!.find((p) => p.name === name)!;
        return fail('expr/name-clash', `lambda parameter '${name}' names input ${existing.index + 1} (${inputNames[existing.index]}), but input ${index + 1} is called '${name}'`,
          param.span, 'give the lambda parameters the names of the inputs in the same order, or other names');
      }
      // The same layer feeds two inputs (inputs: [a, a]): the name alone cannot tell which.
      names.delete(name);
      ambiguous.set(name, [existing.index, index]);
    }
  }

  for (const [name, value] of Object.entries(args)) {
    if (!IDENTIFIER.test(name) || RESERVED.has(name)) {
      return fail('expr/name-clash', `argument '${name}' cannot be used in the expression: ${RESERVED.has(name) ? 'the name is reserved' : 'it is not an identifier'}`, { start: 0, end: 0 },
        'argument names are letters, digits and _ and do not start with a digit', name);
    }
    if (names.has(name) || ambiguous.has(name)) {
      return fail('expr/name-clash', `argument '${name}' has the same name as ${origin.get(name) ?? `input '${name}'`}`, firstUse(name),
        'rename the argument; an input name always means the input', name);
    }
    names.set(name, { kind: 'constant', value });
  }

  const error = checkNames(program.body, names, ambiguous, program.params ? undefined : inputNames.length);
  return error ? { ok: false, error } : { ok: true, names };
}

function fail(code: string, message: string, span: Span, hint?: string, argument?: string): { ok: false; error: ExprError } {
  const error: ExprError = { code, message, span };
  if (hint) error.hint = hint;
  if (argument !== undefined) error.argument = argument;
  return { ok: false, error };
}

/** Every name used must be bound and every function called must be in the allow-list. */
function checkNames(expr: Expr, names: ReadonlyMap<string, Binding>, ambiguous: ReadonlyMap<string, number[]>, inputCount: number | undefined): ExprError | undefined {
  for (const e of walk(expr)) {
    if (e.kind === 'name' && e.name !== 'None' && !names.has(e.name)) {
      if (ambiguous.has(e.name)) {
        return { code: 'expr/unknown-name', message: `'${e.name}' feeds this layer more than once (inputs ${ambiguous.get(e.name)!.map((i) => i + 1).join(' and ')}), so the name is ambiguous`, span: e.span,
          hint: 'name the inputs by position with a prefix: lambda a, b: ...' };
      }
      const available = [...names.keys()].sort();
      if (e.name === 'x' && inputCount !== undefined && inputCount > 1) {
        return {
          code: 'expr/unknown-name', message: `'x' names the input only when there is one; this layer has ${inputCount}`, span: e.span,
          hint: `${available.length ? `use the input names (${available.join(', ')}) or ` : ''}name the inputs by position with a prefix: lambda a, b: ...`,
        };
      }
      const guess = didYouMean(e.name, available);
      const isFunction = FUNCTION_BY_NAME.has(e.name);
      return {
        code: 'expr/unknown-name',
        message: `unknown name '${e.name}'${isFunction ? ` ('${e.name}' is a function: call it as ${e.name}(...))` : ''}`,
        span: e.span,
        hint: `${guess ? `did you mean '${guess}'? ` : ''}${available.length ? `available names: ${available.join(', ')}` : 'no names are bound'}; values are bound with \`arguments:\``,
      };
    }
    if (e.kind === 'call' && !FUNCTION_BY_NAME.has(e.callee)) {
      const guess = didYouMean(e.callee, FUNCTION_BY_NAME.keys());
      return {
        code: 'expr/unknown-function',
        message: `'${e.callee}' is not a function of the expression language`,
        span: e.calleeSpan,
        hint: `${guess ? `did you mean ${guess}? ` : ''}available functions: ${FUNCTIONS.map((f) => f.name).join(', ')}`,
      };
    }
  }
  return undefined;
}

/** Every node of the tree in source order (an explicit stack: no recursion). */
export function* walk(root: Expr): Generator<Expr> {
  const stack: Expr[] = [root];
  while (stack.length) {
    const e = stack.pop()!;
    yield e;
    const children: Expr[] = [];
    switch (e.kind) {
      case 'list': children.push(...e.items); break;
      case 'unary': children.push(e.operand); break;
      case 'binary': children.push(e.left, e.right); break;
      case 'call': children.push(...e.args, ...e.kwargs.map((k) => k.value)); break;
      case 'index':
        children.push(e.target);
        for (const item of e.items) {
          if (item.kind === 'at') children.push(item.index);
          else if (item.kind === 'slice') for (const b of [item.start, item.stop, item.step]) if (b) children.push(b);
        }
        break;
      default: break;
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

function findName(expr: Expr, name: string): Span | undefined {
  for (const e of walk(expr)) if (e.kind === 'name' && e.name === name) return e.span;
  return undefined;
}
