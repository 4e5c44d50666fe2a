import { isAlias, isMap, isPair, isScalar, isSeq, Scalar, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { SourceRange } from '../diagnostics/diagnostic.js';

export type Path = readonly (string | number)[];

/**
 * Finds the source range of a path (`['layers', 'conv1', 'filters']`) in the parsed YAML.
 * `key` points at the mapping key (best for "this parameter"), `value` at its value. When the
 * path does not exist, the range is that of its deepest existing ancestor's key, which is where
 * a missing key belongs. Mapping lookups are indexed once per mapping, so locating every layer
 * of a 20 000-layer file stays linear.
 */
/**
 * Offsets -> 1-based line and column, from the text itself. (yaml's LineCounter learns a line
 * only when its lexer passes the newline, so in malformed YAML, where a token swallows newlines,
 * its positions land on an earlier line with a column past that line's end: found by fuzzing.)
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  linePos(offset: number): { line: number; col: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - this.starts[lo] + 1 };
  }

  /** The range of characters `start..end` (at least one character). */
  range(start: number, end: number): SourceRange {
    const a = this.linePos(start);
    const b = this.linePos(Math.max(end, start + 1));
    return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
  }
}

export class Locator {
  private readonly index = new WeakMap<YAMLMap, Map<string, Pair>>();

  constructor(
    private readonly doc: Document,
    private readonly lines: LineIndex,
    /** The text that was parsed, for positions inside string values. */
    private readonly source = '',
  ) {}

  range(start: number, end: number): SourceRange {
    return this.lines.range(start, end);
  }

  locate(path: Path, target: 'key' | 'value' = 'key'): SourceRange {
    return this.find(path, target) ?? this.range(0, 0);
  }

  /** The keys of the mapping at `path` in the order they are written (JS objects put `3` before `a`). */
  keysInOrder(path: Path): string[] | undefined {
    let node: unknown = this.doc.contents;
    for (const segment of path) {
      node = this.deref(node);
      if (isMap(node)) node = this.pairs(node).get(String(segment))?.value;
      else if (isSeq(node) && typeof segment === 'number') node = node.items[segment];
      else return undefined;
    }
    node = this.deref(node);
    if (!isMap(node)) return undefined;
    return node.items.filter((item) => isPair(item) && isScalar(item.key)).map((item) => String((item.key as { value: unknown }).value));
  }

  /**
   * The source range of characters `start..end` of the string value at `path` (a Lambda
   * expression), so that an error inside it points at the exact column. Plain and quoted scalars
   * whose source is the value itself, and literal block scalars (`|`), map exactly; anything else
   * (escapes, folding) falls back to the whole value.
   */
  locateInString(path: Path, start: number, end: number): SourceRange {
    const whole = this.locate(path, 'value');
    let node: unknown = this.doc.contents;
    for (const segment of path) {
      node = this.deref(node);
      if (isMap(node)) node = this.pairs(node).get(String(segment))?.value;
      else if (isSeq(node) && typeof segment === 'number') node = node.items[segment];
      else return whole;
    }
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return whole;
    const value = node.value;
    const [from, to] = node.range;
    const source = this.source.slice(from, to);
    if (node.type === Scalar.PLAIN || node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) {
      const offset = node.type === Scalar.PLAIN ? 0 : 1;
      if (source.slice(offset, offset + value.length) !== value) return whole;
      return this.range(from + offset + start, from + offset + Math.max(end, start + 1));
    }
    if (node.type === Scalar.BLOCK_LITERAL) {
      const lineStarts = literalLineStarts(source, value);
      if (!lineStarts) return whole;
      const at = (offset: number) => {
        const before = value.slice(0, offset).split('\n');
        return from + lineStarts[before.length - 1] + before[before.length - 1].length;
      };
      return this.range(at(start), at(Math.max(end, start + 1)));
    }
    return whole;
  }

  private find(path: Path, target: 'key' | 'value'): SourceRange | undefined {
    let node: unknown = this.doc.contents;
    let owner: { key: Node | null; value: Node | null } | undefined;
    let found = 0;
    for (const segment of path) {
      node = this.deref(node);
      let next: { key: Node | null; value: Node | null } | undefined;
      if (isMap(node)) {
        const pair = this.pairs(node).get(String(segment));
        if (pair) next = { key: pair.key as Node, value: pair.value as Node | null };
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment] as Node | undefined;
        if (item) next = { key: item, value: item };
      }
      if (!next) break;
      owner = next;
      node = next.value;
      found++;
    }
    if (path.length === 0) return this.nodeRange(this.doc.contents as Node | null);
    if (!owner) return this.nodeRange(this.doc.contents as Node | null, true);
    const complete = found === path.length;
    const chosen = complete && target === 'value' ? (owner.value ?? owner.key) : (owner.key ?? owner.value);
    return this.nodeRange(chosen);
  }

  private nodeRange(node: Node | null | undefined, firstLineOnly = false): SourceRange | undefined {
    const r = node?.range;
    if (!r) return undefined;
    const range = this.range(r[0], r[1]);
    if (firstLineOnly && range.endLine !== range.line) return { ...range, endLine: range.line, endColumn: range.column + 1 };
    return range;
  }

  private deref(node: unknown): unknown {
    return isAlias(node) ? node.resolve(this.doc) : node;
  }

  private pairs(map: YAMLMap): Map<string, Pair> {
    let index = this.index.get(map);
    if (!index) {
      index = new Map();
      for (const item of map.items) {
        if (isPair(item) && isScalar(item.key) && !index.has(String(item.key.value))) index.set(String(item.key.value), item);
      }
      this.index.set(map, index);
    }
    return index;
  }
}

/** Offsets (in the block scalar's source) where each line of a `|` scalar's value begins. */
function literalLineStarts(source: string, value: string): number[] | undefined {
  const lines = value.split('\n');
  const starts: number[] = [];
  let cursor = source.indexOf('\n') + 1; // skip the `|` header line
  for (const line of lines) {
    if (cursor <= 0 || cursor > source.length) return line === '' ? starts.concat(source.length) : undefined;
    const lineEnd = source.indexOf('\n', cursor);
    const text = source.slice(cursor, lineEnd < 0 ? source.length : lineEnd);
    const at = line === '' ? 0 : text.indexOf(line);
    if (at < 0) return undefined;
    starts.push(cursor + at);
    cursor = lineEnd < 0 ? source.length + 1 : lineEnd + 1;
  }
  return starts;
}
