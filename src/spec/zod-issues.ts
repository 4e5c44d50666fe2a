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
}

/** Turns zod issues into diagnostics placed on the offending key or value of the YAML file. */
export function issuesToDiagnostics(issues: readonly Issue[], ctx: IssueContext, data: unknown): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const issue of issues) collect(issue, [], ctx, data, out);
  return out;
}

function collect(issue: Issue, prefix: Path, ctx: IssueContext, data: unknown, out: Diagnostic[]): void {
  const path = [...prefix, ...(issue.path as (string | number)[])];
  const at = (p: Path, target: 'key' | 'value') => ctx.locator?.locate([...ctx.basePath, ...p], target);
  const push = (code: string, message: string, p: Path, target: 'key' | 'value', hint?: string) =>
    out.push({ code, severity: 'error', file: ctx.file, range: at(p, target), message: `${ctx.subject}: ${message}`, hint, layer: ctx.layer });
  const input = valueAt(data, path);

  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = keysAt(ctx.schema, path);
      for (const key of issue.keys) {
        const guess = didYouMean(key, known);
        const hint = guess
          ? `did you mean \`${guess}\`?`
          : known.length > 0 && known.length <= 24
            ? `known keys: ${known.join(', ')}`
            : undefined;
        push('schema/unknown-key', `unknown key \`${describePath([...path, key])}\``, [...path, key], 'key', hint);
      }
      return;
    }
    case 'invalid_type': {
      if (input === undefined) {
        const description = descriptionAt(ctx.schema, path);
        push('schema/missing-key', `missing required key \`${describePath(path)}\``, path.slice(0, -1), 'key',
          `add \`${String(path[path.length - 1])}:\`${description ? ` (${lowerFirst(description).replace(/\.$/, '')})` : ''}`);
        return;
      }
      push('schema/invalid-type', `\`${describePath(path)}\` must be ${expectedText(issue.expected)}, got ${show(input)}`, path, 'value', typeHint(issue.expected, input));
      return;
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => JSON.stringify(v));
      const guess = typeof input === 'string' ? didYouMean(input, issue.values.map(String)) : undefined;
      const message = values.length === 1
        ? `\`${describePath(path)}\` must be ${values[0]}, got ${show(input)}`
        : `\`${describePath(path)}\` must be one of ${values.join(', ')}; got ${show(input)}`;
      push('schema/invalid-value', message, path, 'value', guess ? `did you mean "${guess}"?` : undefined);
      return;
    }
    case 'too_small':
    case 'too_big': {
      push('schema/out-of-range', `\`${describePath(path)}\` ${boundText(issue)}, got ${show(input)}`, path, 'value');
      return;
    }
    case 'invalid_union': {
      if (issue.errors.length === 0 && 'options' in issue) {
        const options = (issue.options as unknown[]).map((o) => JSON.stringify(o));
        const value = valueAt(data, path);
        const guess = typeof value === 'string' ? didYouMean(value, (issue.options as unknown[]).map(String)) : undefined;
        push('schema/invalid-value', `\`${describePath(path)}\` must be one of ${options.join(', ')}; got ${show(value)}`, path, 'value',
          guess ? `did you mean "${guess}"?` : undefined);
        return;
      }
      const branches = issue.errors.filter((branch) => !branch.some((i) => i.code === 'invalid_type' && i.path.length === 0));
      if (branches.length >= 1) {
        // The value has the right kind for some branch: report that branch's own problems.
        const best = branches.reduce((a, b) => (b.length < a.length ? b : a));
        for (const sub of best) collect(sub, path, ctx, data, out);
        return;
      }
      const expected = [...new Set(issue.errors.map((branch) => branch.find((i) => i.code === 'invalid_type' && i.path.length === 0))
        .map((i) => (i && i.code === 'invalid_type' ? expectedText(i.expected) : 'something else')))];
      push('schema/invalid-type', `\`${describePath(path)}\` must be ${expected.join(' or ')}, got ${show(input)}`, path, 'value',
        typeHint(issue.errors.flat().map((i) => (i.code === 'invalid_type' ? i.expected : '')).join(' '), input));
      return;
    }
    default:
      push('schema/invalid', `\`${describePath(path)}\`: ${issue.message}`, path, 'value');
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
  const text = JSON.stringify(value) ?? String(value);
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

function typeHint(expected: string, input: unknown): string | undefined {
  if (typeof input === 'string' && /^\s*\(.*\)\s*$/.test(input) && /array|int|number/.test(expected)) {
    return `YAML has no tuples: write a list, [${input.trim().slice(1, -1).replace(/,\s*$/, '')}]`;
  }
  if (typeof input === 'string' && /^(true|false|yes|no|on|off)$/i.test(input) && /boolean/.test(expected)) {
    return 'write true or false in lower case';
  }
  if (typeof input === 'string' && /int|number/.test(expected) && input.trim() !== '' && !Number.isNaN(Number(input))) {
    return 'remove the quotes: numbers are written without them';
  }
  if (typeof input === 'number' && !Number.isInteger(input) && /int/.test(expected)) return 'use a whole number';
  if (input === null && expected !== 'null') return 'a key with nothing after the colon is null; give a value';
  return undefined;
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
