import { didYouMean } from '../../spec/names.js';
import type { Expr, Span } from '../ast.js';
import type { FunctionSpec, ParamSpec } from '../functions.js';
import { asTensor, fail, type TensorValue, type Value } from './values.js';

/**
 * Python-style argument binding against a FUNCTIONS signature (positional, then keywords, then
 * defaults), and conversion of each argument to what its `kind` says: a tensor, a static integer
 * or list of integers, a number, a bool or a list of tensors. Every failure points at the
 * argument to blame.
 */
export interface BoundArgs {
  tensor(name: string): TensorValue;
  /** The tensors of a `tensors` parameter, with their spans. */
  tensors(name: string): { t: TensorValue; span: Span }[];
  int(name: string): number;
  /** An integer, a list of integers, or null (None); list entries may be null where `None` is written. */
  intOrInts(name: string): number | (number | null)[] | null;
  ints(name: string): (number | null)[] | null;
  number(name: string): number;
  bool(name: string): boolean;
  /** Where the argument is written (the call itself for a default). */
  span(name: string): Span;
}

export function bindArguments(
  spec: FunctionSpec,
  call: Extract<Expr, { kind: 'call' }>,
  evaluate: (e: Expr) => Value,
): BoundArgs {
  const given = new Map<string, Expr>();
  if (call.args.length > spec.params.length) {
    fail('expr/invalid-argument', `${spec.name}() takes at most ${spec.params.length} argument${spec.params.length === 1 ? '' : 's'} (${signature(spec)}), got ${call.args.length}`, call.args[spec.params.length]);
  }
  call.args.forEach((a, i) => given.set(spec.params[i].name, a));
  for (const k of call.kwargs) {
    const param = spec.params.find((p) => p.name === k.name);
    if (!param) {
      const guess = didYouMean(k.name, spec.params.map((p) => p.name));
      fail('expr/invalid-argument', `${spec.name}() has no parameter '${k.name}'`, k.nameSpan, `${guess ? `did you mean '${guess}'? ` : ''}signature: ${signature(spec)}`);
    }
    if (given.has(k.name)) fail('expr/invalid-argument', `${spec.name}() got '${k.name}' twice, by position and by keyword`, k.nameSpan);
    given.set(k.name, k.value);
  }
  for (const p of spec.params) {
    if (!given.has(p.name) && p.default === undefined) {
      fail('expr/invalid-argument', `${spec.name}() is missing its argument '${p.name}'`, call, `signature: ${signature(spec)}`);
    }
  }

  const values = new Map<string, Value>();
  const valueOf = (name: string): { value: Value; expr?: Expr } => {
    const expr = given.get(name);
    if (!expr) return { value: defaultValue(spec.params.find((p) => p.name === name)!) };
    let v = values.get(name);
    if (!v) {
      v = evaluate(expr);
      values.set(name, v);
    }
    return { value: v, expr };
  };
  const at = (name: string): { span: Span } => given.get(name) ?? call;
  const what = (name: string, kind: string) => `${spec.name}()'s '${name}' must be ${kind}`;

  const intOf = (v: Value, name: string, span: { span: Span }): number => {
    if (v.kind === 'constant' && typeof v.value === 'number' && Number.isInteger(v.value)) return v.value;
    if (v.kind === 'tensor') return fail('expr/invalid-argument', `${what(name, 'a static integer')}, not a tensor`, span, 'it must be known before the model runs: a literal or a name from `arguments:`');
    return fail('expr/invalid-argument', `${what(name, 'an integer')}`, span);
  };
  const intsOf = (v: Value, name: string, span: { span: Span }): (number | null)[] => {
    if (v.kind === 'constant' && Array.isArray(v.value)) {
      if (!v.value.every(Number.isInteger)) fail('expr/invalid-argument', what(name, 'a list of integers'), span);
      return v.value;
    }
    if (v.kind === 'list') {
      return v.items.map((item, i) => (item.kind === 'none' ? null : intOf(item, name, v.exprs[i])));
    }
    if (v.kind === 'tensor') return fail('expr/invalid-argument', `${what(name, 'a static list of integers')}, not a tensor`, span);
    return fail('expr/invalid-argument', `${what(name, 'a list of integers')}, e.g. [1, 2]`, span);
  };

  return {
    span: (name) => at(name).span,
    tensor(name) {
      return asTensor(valueOf(name).value, at(name), `${spec.name}()'s '${name}'`);
    },
    tensors(name) {
      const { value, expr } = valueOf(name);
      if (value.kind !== 'list' || !expr || expr.kind !== 'list') {
        return fail('expr/invalid-argument', `${what(name, 'a list of tensors')}, e.g. [a, b]`, at(name));
      }
      if (value.items.length === 0) fail('expr/invalid-argument', `${what(name, 'a non-empty list of tensors')}`, at(name));
      return value.items.map((v, i) => ({ t: asTensor(v, expr.items[i], `an item of ${spec.name}()'s '${name}'`), span: expr.items[i].span }));
    },
    int(name) {
      return intOf(valueOf(name).value, name, at(name));
    },
    intOrInts(name) {
      const { value } = valueOf(name);
      if (value.kind === 'none') return null;
      if (value.kind === 'tensor' || (value.kind === 'constant' && typeof value.value === 'number')) return intOf(value, name, at(name));
      return intsOf(value, name, at(name));
    },
    ints(name) {
      const { value } = valueOf(name);
      if (value.kind === 'none') return null;
      return intsOf(value, name, at(name));
    },
    number(name) {
      const { value } = valueOf(name);
      if (value.kind === 'constant' && typeof value.value === 'number') return value.value;
      return fail('expr/invalid-argument', `${what(name, 'a number')}${value.kind === 'tensor' ? ', known before the model runs' : ''}`, at(name));
    },
    bool(name) {
      const { value } = valueOf(name);
      if (value.kind === 'constant' && typeof value.value === 'boolean') return value.value;
      return fail('expr/invalid-argument', `${what(name, 'True or False')}`, at(name));
    },
  };
}

function defaultValue(p: ParamSpec): Value {
  if (p.default === null || p.default === undefined) return { kind: 'none' };
  return { kind: 'constant', value: p.default };
}

/** `sum(x, axis=None, keepdims=False)`: the Python signature, for messages and the README. */
export function signature(spec: FunctionSpec): string {
  const show = (v: ParamSpec['default']) => (v === null ? 'None' : v === true ? 'True' : v === false ? 'False' : Array.isArray(v) ? `[${v.join(', ')}]` : String(v));
  return `${spec.name}(${spec.params.map((p) => (p.default === undefined ? p.name : `${p.name}=${show(p.default)}`)).join(', ')})`;
}
