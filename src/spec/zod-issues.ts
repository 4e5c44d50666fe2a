import type { z } from 'zod';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Locator, Path } from './locate.js';
import { didYouMean } from './names.js';

type Issue = z.core.$ZodIssue;
type Schema = z.core.$ZodType;

export interface IssueContext {
  file: string;
  locator: Locator | undefined;
  /** Path of the validated value inside the YAML document. */
  basePath: Path;
  /** Who the message is about: "Layer 'conv1' (Conv2D)". */
  subject: string;
  schema: Schema;
  layer?: string;
  /** A better hint for an unknown key at the top of the validated value (e.g. Keras's `input_shape`). */
  unknownKeyHint?: (key: string) => string | undefined;
}

/** Turns zod issues into diagnostics placed on the offending key or value of the YAML file. */
export function issuesToDiagnostics(issues: readonly Issue[], ctx: IssueContext, data: unknown): Diagnostic[] {
  const out: Diagnostic[] = [];
  const tuples = new SplitTuples(ctx, data);
  // A refinement of a list or mapping whose items are already wrong repeats the same mistake.
  const within = (outer: Issue, inner: Issue) =>
    inner.path.length > outer.path.length && outer.path.every((p, i) => inner.path[i] === p);
  // `filtres: 32` makes `filters` missing too: the unknown key's did-you-mean says it all.
  const misspelt = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const known = keysAt(ctx.schema, issue.path as Path);
    for (const key of issue.keys) {
      const guess = didYouMean(key, known);
      if (guess) misspelt.add(JSON.stringify([...issue.path, guess]));
    }
  }
  const kept = issues.filter((issue) =>
    (issue.code !== 'custom' || !issues.some((other) => within(issue, other)))
    && !(issue.code === 'invalid_type' && misspelt.has(JSON.stringify(issue.path)) && valueAt(data, issue.path as Path) === undefined));
  for (const issue of kept) collect(issue, [], ctx, data, out, tuples);
  return out;
}

function collect(issue: Issue, prefix: Path, ctx: IssueContext, data: unknown, out: Diagnostic[], tuples: SplitTuples): void {
  const path = [...prefix, ...(issue.path as (string | number)[])];
  const at = (p: Path, target: 'key' | 'value') => ctx.locator?.locate([...ctx.basePath, ...p], target);
  const push = (code: string, message: string, p: Path, target: 'key' | 'value', hint?: string) =>
    out.push({ code, severity: 'error', file: ctx.file, range: at(p, target), message: ctx.subject ? `${ctx.subject}: ${message}` : message, hint, layer: ctx.layer });
  const input = tuples.textAt(path) ?? valueAt(data, path);

  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = keysAt(ctx.schema, path);
      for (const key of issue.keys) {
        if (tuples.isFragment(path, key)) continue;
        const guess = didYouMean(key, known);
        const special = path.length === 0 ? ctx.unknownKeyHint?.(key) : undefined;
        const hint = special ?? (guess
          ? `did you mean \`${guess}\`?`
          : known.length > 0 && known.length <= 24
            ? `known keys: ${known.join(', ')}`
            : undefined);
        push('schema/unknown-key', `unknown key \`${describePath([...path, key])}\``, [...path, key], 'key', hint);
      }
      return;
    }
    case 'invalid_type': {
      if (input === undefined) {
        const description = descriptionAt(ctx.schema, path);
        push('schema/missing-key', `missing required key \`${describePath(path)}\``, path.slice(0, -1), 'key',
          `add \`${String(path[path.length - 1])}:\`${description ? `, ${withArticle(lowerFirst(description).replace(/\.$/, ''))}` : ''}`);
        return;
      }
      // A null-only field is one Keras has and we cannot run: its description says why.
      const hint = typeHint(issue.expected, input) ?? (issue.expected === 'null' ? descriptionAt(ctx.schema, path) : undefined);
      push('schema/invalid-type', `\`${describePath(path)}\` must be ${expectedText(issue.expected)}, got ${show(input)}`, path, 'value', hint);
      return;
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => JSON.stringify(v));
      const guess = typeof input === 'string' ? didYouMean(input, issue.values.map(String)) : undefined;
      const message = values.length === 1
        ? `\`${describePath(path)}\` must be ${values[0]}, got ${show(input)}`
        : `\`${describePath(path)}\` must be one of ${values.join(', ')}; got ${show(input)}`;
      push('schema/invalid-value', message, path, 'value', valueHint(path, input, ctx.schema) ?? (guess ? `did you mean "${guess}"?` : undefined));
      return;
    }
    case 'too_small':
    case 'too_big': {
      push('schema/out-of-range', `\`${describePath(path)}\` ${boundText(issue)}, got ${show(input)}`, path, 'value', rangeHint(issue, input, path, ctx.schema));
      return;
    }
    case 'invalid_union': {
      if (issue.errors.length === 0 && 'options' in issue) {
        const options = (issue.options as unknown[]).map((o) => JSON.stringify(o));
        const value = valueAt(data, path);
        const guess = typeof value === 'string' ? didYouMean(value, (issue.options as unknown[]).map(String)) : undefined;
        push('schema/invalid-value', `\`${describePath(path)}\` must be one of ${options.join(', ')}; got ${show(value)}`, path, 'value',
          valueHint(path, value, ctx.schema) ?? (guess ? `did you mean "${guess}"?` : undefined));
        return;
      }
      const branches = issue.errors.filter((branch) => !branch.some((i) => i.code === 'invalid_type' && i.path.length === 0));
      if (branches.length >= 1) {
        // The value has the right kind for some branch: report that branch's own problems.
        const best = branches.reduce((a, b) => (b.length < a.length ? b : a));
        for (const sub of best) collect(sub, path, ctx, data, out, tuples);
        return;
      }
      const expected = [...new Set(issue.errors.map((branch) => branch.find((i) => i.code === 'invalid_type' && i.path.length === 0))
        .map((i) => (i && i.code === 'invalid_type' ? expectedText(i.expected) : 'something else')))];
      push('schema/invalid-type', `\`${describePath(path)}\` must be ${expected.join(' or ')}, got ${show(input)}`, path, 'value',
        typeHint(issue.errors.flat().map((i) => (i.code === 'invalid_type' ? i.expected : '')).join(' '), input));
      return;
    }
    default:
      push('schema/invalid', `\`${describePath(path)}\`: ${issue.message}`, path, 'value', describeParam(ctx.schema, path));
  }
}

export function describePath(path: Path): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out || '(value)';
}

function valueAt(data: unknown, path: Path): unknown {
  let v = data;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = Object.prototype.hasOwnProperty.call(v, p) ? (v as Record<string | number, unknown>)[p] : undefined;
  }
  return v;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  // JSON.stringify writes NaN and ±Infinity (YAML's .nan, .inf) as null: name them as YAML does.
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? show(v) : v)) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function expectedText(expected: string): string {
  switch (expected) {
    case 'int':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list';
    case 'object':
      return 'a mapping';
    case 'record':
      return 'a mapping';
    case 'null':
      return 'null';
    default:
      return expected;
  }
}

/**
 * Keras's tuple syntax inside a YAML flow mapping, `{ kernel_size: (3, 3) }`, reads as
 * `kernel_size: "(3"` plus an empty key `3)`. Puts such tuples back together, so that the value is
 * reported once, as `(3, 3)`, and the fragments are not reported as unknown keys.
 */
class SplitTuples {
  private readonly cache = new Map<string, Map<string, { text: string; fragments: string[] }>>();

  constructor(
    private readonly ctx: IssueContext,
    private readonly data: unknown,
  ) {}

  textAt(path: Path): string | undefined {
    const key = path[path.length - 1];
    return typeof key === 'string' ? this.of(path.slice(0, -1)).get(key)?.text : undefined;
  }

  isFragment(path: Path, key: string): boolean {
    for (const t of this.of(path).values()) if (t.fragments.includes(key)) return true;
    return false;
  }

  private of(path: Path): Map<string, { text: string; fragments: string[] }> {
    const id = JSON.stringify(path);
    let found = this.cache.get(id);
    if (found) return found;
    found = new Map();
    this.cache.set(id, found);
    const obj = valueAt(this.data, path);
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return found;
    const record = obj as Record<string, unknown>;
    const keys = this.ctx.locator?.keysInOrder([...this.ctx.basePath, ...path]) ?? Object.keys(record);
    for (let i = 0; i < keys.length; i++) {
      const start = record[keys[i]];
      if (typeof start !== 'string' || !/^\s*\([^)]*$/.test(start)) continue;
      const fragments: string[] = [];
      for (let j = i + 1; j < keys.length && record[keys[j]] === null && /^[^()]*\)?$/.test(keys[j]); j++) {
        fragments.push(keys[j]);
        if (keys[j].endsWith(')')) break;
      }
      if (fragments.length > 0 && fragments[fragments.length - 1].endsWith(')')) {
        found.set(keys[i], { text: [start.trim(), ...fragments].join(', '), fragments });
      }
    }
    return found;
  }
}

function typeHint(expected: string, input: unknown): string | undefined {
  if (typeof input === 'string' && /^\s*\(.*\)\s*$/.test(input) && /array|int|number/.test(expected)) {
    return `YAML has no tuples: write a list, [${input.trim().slice(1, -1).replace(/,\s*$/, '')}]`;
  }
  if (typeof input === 'string' && /^\s*\[.*\]\s*$/.test(input) && /array/.test(expected)) {
    return `remove the quotes: a list is written ${input.trim()}`;
  }
  if (typeof input === 'number' && /array/.test(expected) && !/int|number/.test(expected)) return `write a list: [${input}]`;
  if (input === 'None' && expected !== 'null') return "Python's None is `null` in YAML, where null is allowed; or leave the key out for the default";
  if (typeof input === 'string' && /^(yes|no|on|off|y|n)$/i.test(input) && /boolean/.test(expected)) {
    return `write ${/^(yes|on|y)$/i.test(input) ? 'true' : 'false'}: YAML 1.2 reads ${input} as text, not as a boolean`;
  }
  if (typeof input === 'string' && /^(true|false)$/i.test(input) && /boolean/.test(expected)) {
    return 'write true or false in lower case, without quotes';
  }
  if (typeof input === 'string' && /int|number/.test(expected) && input.trim() !== '' && !Number.isNaN(Number(input))) {
    return 'remove the quotes: numbers are written without them';
  }
  if (typeof input === 'number' && !Number.isInteger(input) && /int/.test(expected)) return 'use a whole number';
  if (input === null && expected !== 'null') return 'a key with nothing after the colon is null; give a value';
  return undefined;
}

/** Keras habits for particular values, where a did-you-mean would not help. */
function valueHint(path: Path, input: unknown, schema: Schema): string | undefined {
  if (input === 'None' || input === 'none') {
    return acceptsNull(schema, path) ? "Python's None is `null` in YAML (or leave the key out)" : 'leave the key out to get the default';
  }
  const call = typeof input === 'string' ? /^\s*(l1|l2|l1_l2)\s*\((.*)\)\s*$/.exec(input) : null;
  if (call) {
    // Keras's `l2(0.01)` / `l1_l2(l1=0.01, l2=0.01)`: the factors as a mapping.
    const args = call[2].split(',').map((a) => a.trim()).filter(Boolean);
    const names = call[1] === 'l1_l2' ? ['l1', 'l2'] : [call[1]];
    const pairs = args.map((a, i) => (a.includes('=') ? a.replace(/\s*=\s*/, ': ') : `${names[i] ?? names[0]}: ${a}`));
    return `write the factors as a mapping: \`{ ${pairs.join(', ') || `${names[0]}: 0.01`} }\``;
  }
  const key = path[path.length - 1];
  if (key === 'activation' && typeof input === 'string') {
    const layer = /^leaky_?re_?lu$/i.test(input) ? 'LeakyReLU' : /^p_?re_?lu$/i.test(input) ? 'PReLU' : undefined;
    if (layer) return `${layer} is a layer, not an activation name: leave \`activation\` out and add a \`{ type: ${layer} }\` layer after this one`;
  }
  return undefined;
}

function rangeHint(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>, input: unknown, path: Path, schema: Schema): string | undefined {
  const key = path[path.length - 1];
  const max = issue.code === 'too_big' ? Number((issue as { maximum: number | bigint }).maximum) : undefined;
  if (typeof input === 'number' && max !== undefined && max <= 1 && input > 1 && input <= 100) {
    return `\`${String(key)}\` is a fraction: ${input}% is ${input / 100}`;
  }
  return describeParam(schema, path);
}

/** "`units`: dimensionality of the output space", for the parameter that holds `path`. */
function describeParam(schema: Schema, path: Path): string | undefined {
  let i = path.length - 1;
  while (i >= 0 && typeof path[i] !== 'string') i--;
  if (i < 0) return undefined;
  const description = descriptionAt(schema, path.slice(0, i + 1));
  return description ? `\`${String(path[i])}\`: ${lowerFirst(description).replace(/\.$/, '')}` : undefined;
}

function acceptsNull(schema: Schema, path: Path): boolean {
  const walk = (s: Schema): boolean => {
    const def = defOf(s);
    if (def.type === 'nullable' || def.type === 'null') return true;
    if ((def.type === 'default' || def.type === 'optional' || def.type === 'prefault') && def.innerType) return walk(def.innerType);
    if (def.type === 'union' && def.options) return def.options.some(walk);
    return false;
  };
  return schemasAt(schema, path).some(walk);
}

function boundText(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>): string {
  const small = issue.code === 'too_small';
  const bound = small ? (issue as { minimum: number | bigint }).minimum : (issue as { maximum: number | bigint }).maximum;
  const inclusive = issue.inclusive ?? true;
  if (issue.origin === 'array' || issue.origin === 'string' || issue.origin === 'set') {
    const unit = issue.origin === 'string' ? 'characters' : 'items';
    if ((issue as { exact?: boolean }).exact) return `must have exactly ${bound} ${unit}`;
    return small ? `must have at least ${bound} ${unit}` : `must have at most ${bound} ${unit}`;
  }
  if (small) return inclusive ? `must be >= ${bound}` : `must be > ${bound}`;
  return inclusive ? `must be <= ${bound}` : `must be < ${bound}`;
}

/** "dimensionality of the output space" -> "the dimensionality of the output space". */
function withArticle(s: string): string {
  return /^(the|a|an|whether|how|which|what|one|each|every)\b/.test(s) ? s : `the ${s}`;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

// Schema navigation (zod internals are stable data in zod 4: `_zod.def`).

interface Def {
  type: string;
  innerType?: Schema;
  options?: Schema[];
  shape?: Record<string, Schema>;
  element?: Schema;
  valueType?: Schema;
  in?: Schema;
}

function defOf(schema: Schema): Def {
  return schema._zod.def as unknown as Def;
}

/** Schemas reachable at `path`, through defaults, optionals, unions and pipes. */
function schemasAt(schema: Schema, path: Path): Schema[] {
  let current: Schema[] = [schema];
  for (const segment of path) {
    const next: Schema[] = [];
    for (const s of current.flatMap(unwrap)) {
      const def = defOf(s);
      if (def.type === 'object' && def.shape && typeof segment === 'string' && def.shape[segment]) next.push(def.shape[segment]);
      else if (def.type === 'array' && def.element && typeof segment === 'number') next.push(def.element);
      else if (def.type === 'record' && def.valueType) next.push(def.valueType);
    }
    current = next;
  }
  return current;
}

function unwrap(schema: Schema): Schema[] {
  const def = defOf(schema);
  if ((def.type === 'default' || def.type === 'optional' || def.type === 'nullable' || def.type === 'prefault') && def.innerType) {
    return unwrap(def.innerType);
  }
  if (def.type === 'pipe' && def.in) return unwrap(def.in);
  if (def.type === 'union' && def.options) return def.options.flatMap(unwrap);
  return [schema];
}

function keysAt(schema: Schema, path: Path): string[] {
  const keys = new Set<string>();
  for (const s of schemasAt(schema, path).flatMap(unwrap)) {
    const def = defOf(s);
    if (def.type === 'object' && def.shape) for (const k of Object.keys(def.shape)) keys.add(k);
  }
  return [...keys];
}

function descriptionAt(schema: Schema, path: Path): string | undefined {
  for (const s of schemasAt(schema, path)) {
    const description = (s as unknown as { description?: string }).description;
    if (description) return description;
  }
  return undefined;
}
