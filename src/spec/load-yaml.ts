import {
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  parseDocument,
  type Document,
  type DocumentOptions,
  type Node,
  type ParseOptions,
  type SchemaOptions,
  type YAMLMap,
  type YAMLError,
} from 'yaml';
import type { Diagnostic, SourceRange } from '../diagnostics/diagnostic.js';
import { LineIndex, Locator } from './locate.js';
import { parseSimpleYaml } from './yaml-fast-path.js';
import { aliasBombAt, explainSyntaxError, keepRootCauses } from './yaml-errors.js';

/** Files larger than this are refused before parsing (a 20 000-layer chain is ~1.5 MB). */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;
/** Alias expansions allowed when converting to plain data; an alias bomb hits this at once. */
export const MAX_ALIAS_COUNT = 1000;
/** Nesting deeper than this is refused before the recursive parser sees it. */
export const MAX_NESTING_DEPTH = 256;

const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** How model files are parsed (by yaml, and by the fast path, which must give the same document). */
export const PARSE_OPTIONS = {
  version: '1.2',
  schema: 'core',
  merge: false,
  // Duplicate keys are found by checkNodes: yaml's own check is quadratic in a mapping's size.
  uniqueKeys: false,
  strict: true,
  prettyErrors: false,
  customTags: [],
  resolveKnownTags: false,
  keepSourceTokens: false,
} as const satisfies DocumentOptions & ParseOptions & SchemaOptions;

export interface LoadedYaml {
  /** Plain data, present only when loading found no error. */
  data?: unknown;
  locator?: Locator;
  diagnostics: Diagnostic[];
}

/**
 * Parses a model file as data and nothing else: no tag is resolved (a tag is an error), parser
 * warnings are errors, duplicate keys are errors, merge keys are off even under `%YAML 1.1`,
 * aliases are capped, reserved object keys are refused. Every node keeps its source range.
 */
export function loadYaml(source: string | Uint8Array, file: string): LoadedYaml {
  const bytes = typeof source === 'string' ? Buffer.byteLength(source) : source.byteLength;
  if (bytes > MAX_FILE_BYTES) return { diagnostics: [tooLargeDiagnostic(file, bytes)] };
  let text: string;
  if (typeof source === 'string') text = source;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(source);
    } catch {
      return fail(file, 'file/encoding', 'the file is not valid UTF-8', 'save the file as UTF-8 text');
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  const { depth, overAt } = maxFlowOrIndentDepth(text);
  if (depth > MAX_NESTING_DEPTH) {
    // Placed where the limit is first passed; the parser has not run, so the line index is the text's own.
    return fail(file, 'yaml/syntax', `the YAML nests ${depth} levels deep; the limit is ${MAX_NESTING_DEPTH}`,
      'a model file needs only a few levels of nesting', new LineIndex(text).range(overAt, overAt + 1));
  }

  let doc: Document.Parsed;
  try {
    // Most model files are plain enough for the fast path, which builds the same nodes (yaml-fast-path.ts).
    doc = parseSimpleYaml(text, PARSE_OPTIONS) ?? parseDocument(text, PARSE_OPTIONS);
  } catch (error) {
    return fail(file, 'yaml/syntax', `the YAML parser gave up: ${(error as Error).message}`);
  }
  const locator = new Locator(doc, new LineIndex(text), text);
  const diagnostics: Diagnostic[] = [];
  const at = (start: number, end: number) => locator.range(start, end);

  const reported = [...doc.errors, ...doc.warnings];
  for (const problem of keepRootCauses(reported)) {
    // Tags are reported by checkNodes, at the tagged node, resolvable or not.
    if (problem.code !== 'TAG_RESOLVE_FAILED') diagnostics.push(fromYamlError(problem, reported, text, file, at));
  }
  checkNodes(doc, text, file, at, diagnostics);
  if (diagnostics.length > 0) return { locator, diagnostics: dedupe(diagnostics) };

  try {
    const data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { data, locator, diagnostics };
  } catch (error) {
    const message = (error as Error).message;
    const unresolved = /^Unresolved alias.*: (.+)$/.exec(message);
    if (unresolved) {
      const name = unresolved[1];
      const offset = text.search(new RegExp(`\\*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![^\\s,\\]}])`));
      return fail(file, 'yaml/syntax', `YAML syntax: the alias \`*${name}\` refers to no anchor before it`,
        `define \`&${name}\` on a value above this line, or write the value out`, offset < 0 ? at(0, 0) : at(offset, offset + name.length + 1));
    }
    if (/alias/i.test(message)) {
      const bomb = aliasBombAt(doc, MAX_ALIAS_COUNT);
      const hint = 'write the repeated parts out instead of nesting aliases';
      if (!bomb?.node.range) return fail(file, 'yaml/alias-limit', `aliases expand to more than ${MAX_ALIAS_COUNT} nodes`, hint);
      return fail(file, 'yaml/alias-limit', `the aliases in this value expand to ${bomb.size} nodes; the limit is ${MAX_ALIAS_COUNT}`, hint,
        at(bomb.node.range[0], bomb.node.range[0] + 1));
    }
    return fail(file, 'yaml/syntax', message);
  }
}

/** Files over the limit are refused before they are read or parsed. */
export function tooLargeDiagnostic(file: string, bytes: number): Diagnostic {
  return {
    code: 'file/too-large', severity: 'error', file, range: { line: 1, column: 1, endLine: 1, endColumn: 1 },
    message: `the file is ${bytes} bytes; the limit is ${MAX_FILE_BYTES} bytes`, hint: 'split the model or check that this is the right file',
  };
}

/** A file that cannot be loaded: one error, at `range` (the first character when there is none). */
function fail(file: string, code: string, message: string, hint?: string, range: SourceRange = { line: 1, column: 1, endLine: 1, endColumn: 1 }): LoadedYaml {
  return { diagnostics: [{ code, severity: 'error', message, file, hint, range }] };
}

function fromYamlError(
  problem: YAMLError,
  all: readonly YAMLError[],
  text: string,
  file: string,
  at: (start: number, end: number) => Diagnostic['range'],
): Diagnostic {
  const range = at(problem.pos[0], problem.pos[1]);
  switch (problem.code) {
    case 'MULTIPLE_DOCS':
      return { code: 'yaml/multiple-documents', severity: 'error', file, range, message: 'the file holds more than one YAML document',
        hint: 'put one model in each file (remove the `---` separator)' };
    default: {
      const explained = explainSyntaxError(problem, all, text);
      return { code: 'yaml/syntax', severity: 'error', file, range: at(explained.start, explained.end), message: explained.message, hint: explained.hint };
    }
  }
}

function tagDiagnostic(file: string, range: Diagnostic['range']): Diagnostic {
  return { code: 'yaml/tag', severity: 'error', file, range, message: 'YAML tags are not allowed in model files; layerspec never resolves them',
    hint: 'remove the `!`-tag and write the value as plain YAML' };
}

/** Walks the syntax tree without following aliases (so it is linear even for an alias bomb). */
function checkNodes(
  doc: Document.Parsed,
  text: string,
  file: string,
  at: (start: number, end: number) => Diagnostic['range'],
  out: Diagnostic[],
): void {
  const stack: unknown[] = [doc.contents];
  const rangeOf = (node: Node) => (node.range ? at(node.range[0], node.range[1]) : undefined);
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || isAlias(node)) continue;
    if (isPair(node)) {
      const key = node.key as Node | null;
      if (key && !isScalar(key)) {
        out.push({ code: 'yaml/non-string-key', severity: 'error', file, range: rangeOf(key), message: 'a mapping key must be a plain string, not a list or mapping',
          hint: 'write the key as plain text, e.g. `units:`' });
      } else if (key && isScalar(key)) {
        const name = String(key.value);
        if (key.value === '<<' || name === '<<') {
          out.push({ code: 'yaml/merge-key', severity: 'error', file, range: rangeOf(key), message: 'YAML merge keys (`<<`) are not supported',
            hint: 'write the keys out in full; merged keys make a reviewed file say something other than what it shows' });
        } else if (RESERVED_KEYS.has(name)) {
          out.push({ code: 'yaml/reserved-name', severity: 'error', file, range: rangeOf(key), message: `\`${name}\` is a reserved name and cannot be used as a key`,
            hint: 'choose another name' });
        }
      }
      stack.push(node.value, node.key);
      continue;
    }
    const n = node as Node;
    if (n.tag) {
      const start = n.range ? tagStart(text, n.range[0]) : undefined;
      out.push(tagDiagnostic(file, start !== undefined && n.range ? at(start, n.range[0]) : rangeOf(n)));
    }
    if (isMap(n)) checkDuplicateKeys(n, file, rangeOf, out);
    if (isCollection(n)) for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]);
  }
}

/** Keys that occur twice in one mapping (they would also collide as object keys: `1` and `"1"`). */
function checkDuplicateKeys(map: YAMLMap, file: string, rangeOf: (node: Node) => Diagnostic['range'], out: Diagnostic[]): void {
  const seen = new Set<string>();
  for (const item of map.items) {
    if (!isScalar(item.key)) continue;
    const name = String(item.key.value);
    if (!seen.has(name)) {
      seen.add(name);
      continue;
    }
    out.push({ code: 'yaml/duplicate-key', severity: 'error', file, range: rangeOf(item.key),
      message: `\`${name}\` is already defined earlier in the same mapping`,
      hint: 'remove or rename one of the two; YAML would silently keep only one of them' });
  }
}

/** Where the `!tag` written before a node begins (node ranges start after their tag and anchor). */
function tagStart(text: string, nodeStart: number): number | undefined {
  let i = nodeStart;
  for (let token = 0; token < 2; token++) {
    while (i > 0 && /[ \t]/.test(text[i - 1])) i--;
    let j = i;
    while (j > 0 && !/[\s,[{]/.test(text[j - 1])) j--;
    if (text[j] === '!') return j;
    if (text[j] !== '&' || j === i) return undefined;
    i = j;
  }
  return undefined;
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}:${d.range?.line}:${d.range?.column}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A cheap upper bound on nesting: open flow brackets, or block indentation in steps of one
 * space. The yaml parser is recursive, so hostile nesting is refused before it starts.
 */
function maxFlowOrIndentDepth(text: string): { depth: number; overAt: number } {
  let flow = 0;
  let maxFlow = 0;
  let maxIndent = 0;
  let lineStart = true;
  let indent = 0;
  let overAt = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      lineStart = true;
      indent = 0;
      continue;
    }
    if (lineStart) {
      if (c === 32 || c === 45) {
        indent++;
        continue;
      }
      lineStart = false;
      if (indent > maxIndent) {
        maxIndent = indent;
        if (overAt < 0 && Math.floor(indent / 2) > MAX_NESTING_DEPTH) overAt = i;
      }
    }
    if (c === 91 || c === 123) {
      flow++;
      if (flow > maxFlow) {
        maxFlow = flow;
        if (overAt < 0 && flow > MAX_NESTING_DEPTH) overAt = i;
      }
    } else if (c === 93 || c === 125) flow = Math.max(0, flow - 1);
  }
  return { depth: Math.max(maxFlow, Math.floor(maxIndent / 2)), overAt: Math.max(overAt, 0) };
}
