import { Document, isScalar, Pair, Scalar, YAMLMap, YAMLSeq, type DocumentOptions, type ParsedNode, type SchemaOptions } from 'yaml';

/**
 * A fast path for the plain YAML most model files are written in: block mappings and sequences
 * of identifier keys, one-line flow collections (`{ type: Dense, units: 8 }`, `[4, 2]`), one-line
 * plain and quoted scalars without escapes, comments and blank lines.
 *
 * Why: `layerspec check` runs once per process, so yaml's parser always runs cold, interpreted:
 * its generator pipeline (lexer → CST → composer) took ~30 ms of a ~125 ms check of a 100-layer
 * file (garbage collection included); this takes ~2 ms.
 *
 * It builds the same nodes as yaml's `parseDocument` — yaml's own node classes, scalars resolved
 * by the document schema's own tags — with the same `range[0]` and `range[1]` (all that
 * load-yaml.ts and locate.ts read; test/spec/yaml-fast-path.test.ts compares them, values, types
 * and `toJS` with yaml's). Comments are skipped, not attached to nodes. Anything else — anchors,
 * aliases, tags, block scalars, multi-line or escaped scalars, directives, tabs, CR, a compact
 * sequence under its key, and every malformed document — gives `undefined`, and the caller
 * parses the text with yaml, which reports its errors as before.
 */
export function parseSimpleYaml(text: string, options: DocumentOptions & SchemaOptions): Document.Parsed | undefined {
  if (UNSAFE_CHARACTER.test(text)) return undefined;
  const doc = new Document(undefined, options);
  try {
    doc.contents = new SimpleYamlReader(text, doc).document();
  } catch (error) {
    if (error === NOT_SIMPLE) return undefined;
    throw error;
  }
  return doc as Document.Parsed;
}

/** Characters the fast path leaves to yaml (tabs, CR, controls, BOM, line separators, surrogates). */
const UNSAFE_CHARACTER = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]/;

/** Thrown when the text leaves the subset; caught by parseSimpleYaml, which then returns undefined. */
const NOT_SIMPLE = Symbol('not simple YAML');

type Tag = { default?: boolean | 'key'; test?: RegExp; resolve(value: string, onError: (message: string) => void, options: unknown): unknown; format?: string };

const SPACE = 32;
const NEWLINE = 10;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const COMMA = 44;

/** A character that may start a key: a letter or `_` (keys such as `1`, `-a` or quoted ones go to yaml). */
function isKeyStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isKeyPart(c: number): boolean {
  return isKeyStart(c) || (c >= 48 && c <= 57) || c === 46 || c === DASH;
}

/** Characters that begin something other than a plain scalar (or might): left to yaml. */
const NOT_PLAIN_START = new Set('-?:,[]{}#&*!|>\'"%@` '.split('').map((c) => c.charCodeAt(0)));
/** Characters the fast path does not accept inside a plain scalar (`:` and `#` may be syntax). */
const NOT_IN_BLOCK_PLAIN = new Set(':#[]{}'.split('').map((c) => c.charCodeAt(0)));
const NOT_IN_FLOW_PLAIN = new Set(':#[]{},\n'.split('').map((c) => c.charCodeAt(0)));

/** A line with content: its indentation and the offset of its first character. */
type ContentLine = { indent: number; at: number };
/** What nextContentLine found from a line start: the next content line (none at the end), and whether comment lines came before it. */
type Scan = { line: ContentLine | undefined; skippedComment: boolean };

class SimpleYamlReader {
  private readonly tags: Tag[];
  /**
   * The last nextContentLine: where each nested collection ends, the one around it looks for its
   * next item from the same offset; without this, blank and comment lines there were read once
   * per level (a deep file ending in many comment lines took quadratic time).
   */
  private lastScan?: { from: number; scan: Scan };

  constructor(
    private readonly text: string,
    private readonly doc: Document,
  ) {
    this.tags = doc.schema.tags as unknown as Tag[];
  }

  document(): ParsedNode {
    const first = this.nextContentLine(0).line;
    if (!first || first.indent !== 0) throw NOT_SIMPLE;
    const { node, end } = this.blockCollection(0, first.at);
    if (this.nextContentLine(end).line) throw NOT_SIMPLE;
    return node;
  }

  /** The block sequence or mapping whose first item starts at `at`, in column `indent`. */
  private blockCollection(indent: number, at: number): { node: YAMLMap.Parsed | YAMLSeq.Parsed; end: number } {
    return this.isSequenceItem(at) ? this.blockSeq(indent, at) : this.blockMap(indent, at);
  }

  /** Where the next item of a collection in column `indent` starts, after `end`; undefined where the collection ends. */
  private nextItemAt(end: number, indent: number): number | undefined {
    const next = this.nextContentLine(this.lineStartAtOrAfter(end)).line;
    if (!next || next.indent < indent) return undefined;
    if (next.indent > indent) throw NOT_SIMPLE;
    return next.at;
  }

  /**
   * The first line from `from` (a line start) that holds more than spaces or a comment (undefined
   * at the end of the text), and whether comment lines came before it.
   * Comment lines must be indented like the line after them (at the end: not at all): yaml
   * attaches others to the value before them, which moves that value's range.
   */
  private nextContentLine(from: number): Scan {
    if (this.lastScan?.from !== from) this.lastScan = { from, scan: this.scanToContentLine(from) };
    return this.lastScan.scan;
  }

  private scanToContentLine(from: number): Scan {
    const { text } = this;
    let lineStart = from;
    let commentIndent = -1;
    const found = (line: ContentLine | undefined): Scan => {
      if (commentIndent >= 0 && commentIndent !== (line?.indent ?? 0)) throw NOT_SIMPLE;
      return { line, skippedComment: commentIndent >= 0 };
    };
    while (lineStart < text.length) {
      let i = lineStart;
      while (text.charCodeAt(i) === SPACE) i++;
      if (i >= text.length) break;
      const c = text.charCodeAt(i);
      if (c === NEWLINE || c === HASH) {
        if (c === HASH) {
          if (commentIndent >= 0 && commentIndent !== i - lineStart) throw NOT_SIMPLE;
          commentIndent = i - lineStart;
        }
        const newline = text.indexOf('\n', i);
        if (newline < 0) break;
        lineStart = newline + 1;
        continue;
      }
      return found({ indent: i - lineStart, at: i });
    }
    return found(undefined);
  }

  private isSequenceItem(at: number): boolean {
    return this.text.charCodeAt(at) === DASH && this.text.charCodeAt(at + 1) === SPACE;
  }

  /** The end of an identifier key starting at `at` that is followed by `:` (or -1). */
  private keyEnd(at: number): number {
    const { text } = this;
    if (!isKeyStart(text.charCodeAt(at))) return -1;
    let i = at + 1;
    while (isKeyPart(text.charCodeAt(i))) i++;
    return text.charCodeAt(i) === COLON ? i : -1;
  }

  /** A block mapping whose keys start at column `indent`, the first at `at`. */
  private blockMap(indent: number, first: number): { node: YAMLMap.Parsed; end: number } {
    const { text } = this;
    const map = new YAMLMap(this.doc.schema) as YAMLMap.Parsed;
    let end = first;
    for (let at: number | undefined = first; at !== undefined; at = this.nextItemAt(end, indent)) {
      const keyEnd = this.keyEnd(at);
      if (keyEnd < 0 || keyEnd - at > 1024) throw NOT_SIMPLE;
      const key = this.plainScalar(at, keyEnd, true);
      const afterColon = keyEnd + 1;
      const c = text.charCodeAt(afterColon);
      let value: { node: ParsedNode; end: number };
      if (c === NEWLINE || afterColon >= text.length) {
        const { line: next, skippedComment } = this.nextContentLine(afterColon + 1);
        if (next && next.indent > indent) {
          value = this.blockCollection(next.indent, next.at);
        } else {
          // `key:` and nothing under it: null. A sequence at the key's own column is left to yaml,
          // and so are comments after it (yaml counts them in the empty value's range).
          if (skippedComment || (next && next.indent === indent && text.charCodeAt(next.at) === DASH)) throw NOT_SIMPLE;
          value = { node: this.plainScalar(afterColon, afterColon, false), end: afterColon };
        }
      } else if (c === SPACE) {
        value = this.inlineValue(this.skipSpaces(afterColon + 1));
      } else {
        throw NOT_SIMPLE;
      }
      map.items.push(new Pair(key, value.node) as Pair<ParsedNode, ParsedNode>);
      end = value.end;
    }
    map.range = [first, end, end];
    return { node: map, end };
  }

  /** A block sequence whose `- ` indicators are at column `indent`, the first at `at`. */
  private blockSeq(indent: number, first: number): { node: YAMLSeq.Parsed; end: number } {
    const { text } = this;
    const seq = new YAMLSeq(this.doc.schema) as YAMLSeq.Parsed;
    let end = first;
    for (let at: number | undefined = first; at !== undefined; at = this.nextItemAt(end, indent)) {
      if (!this.isSequenceItem(at)) throw NOT_SIMPLE;
      const itemStart = this.skipSpaces(at + 1);
      const c = text.charCodeAt(itemStart);
      if (itemStart >= text.length || c === NEWLINE || c === HASH || this.isSequenceItem(itemStart)) throw NOT_SIMPLE;
      // `- type: Dense` and the keys under it: a mapping at the first key's column.
      const item = this.keyEnd(itemStart) >= 0 ? this.blockMap(itemStart - (text.lastIndexOf('\n', itemStart) + 1), itemStart) : this.inlineValue(itemStart);
      seq.items.push(item.node);
      end = item.end;
    }
    seq.range = [first, end, end];
    return { node: seq, end };
  }

  /** Where the next line begins, at `offset` or after the newline it is on (end: after a value). */
  private lineStartAtOrAfter(offset: number): number {
    const { text } = this;
    if (offset === 0 || text.charCodeAt(offset - 1) === NEWLINE) return offset;
    const newline = text.indexOf('\n', offset);
    return newline < 0 ? text.length : newline + 1;
  }

  /**
   * A value that ends on its own line: a flow collection, a quoted or a plain scalar, then spaces
   * and an optional comment. `end` is after the line's newline (yaml's range[2] of such a value).
   */
  private inlineValue(at: number): { node: ParsedNode; end: number } {
    const { text } = this;
    const node = this.value(at, false);
    const valueEnd = node.range[1];
    let i = this.skipSpaces(valueEnd);
    if (text.charCodeAt(i) === HASH) {
      if (i === valueEnd) throw NOT_SIMPLE;
      const newline = text.indexOf('\n', i);
      i = newline < 0 ? text.length : newline;
    }
    if (i < text.length && text.charCodeAt(i) !== NEWLINE) throw NOT_SIMPLE;
    const end = i < text.length ? i + 1 : i;
    node.range = [node.range[0], valueEnd, end];
    return { node, end };
  }

  /** The flow collection, quoted or plain scalar at `at` (its range[2] is for the caller to set). */
  private value(at: number, inFlow: boolean): ParsedNode {
    const c = this.text.charCodeAt(at);
    if (c === 123 || c === 91) return this.flowCollection(at);
    if (c === 34 || c === 39) return this.quotedScalar(at, this.quotedEnd(at));
    if (NOT_PLAIN_START.has(c) && !this.isSignedNumberStart(at)) throw NOT_SIMPLE;
    const end = this.plainEnd(at, inFlow);
    if (end === at) throw NOT_SIMPLE;
    return this.plainScalar(at, end, false);
  }

  /**
   * The end of the one-line plain scalar at `at` (its last non-space character): in a flow
   * collection it stops before `,` `]` `}`, elsewhere at the line's end or a comment.
   */
  private plainEnd(at: number, inFlow: boolean): number {
    const { text } = this;
    const excluded = inFlow ? NOT_IN_FLOW_PLAIN : NOT_IN_BLOCK_PLAIN;
    let last = at;
    for (let i = at; ; i++) {
      if (i >= text.length) {
        if (inFlow) throw NOT_SIMPLE;
        return last;
      }
      const d = text.charCodeAt(i);
      if (inFlow ? d === COMMA || d === 93 || d === 125 : d === NEWLINE || (d === SPACE && text.charCodeAt(i + 1) === HASH)) return last;
      if (excluded.has(d)) throw NOT_SIMPLE;
      if (d !== SPACE) last = i + 1;
    }
  }

  /** `-1`, `-.5`, `.5`: a plain scalar that starts with an indicator-like character. */
  private isSignedNumberStart(at: number): boolean {
    const c = this.text.charCodeAt(at);
    const d = this.text.charCodeAt(at + 1);
    return (c === DASH || c === 46) && ((d >= 48 && d <= 57) || d === 46);
  }

  /** A flow collection on one line, `[...]` or `{...}`: its node, range [open, after close, after close]. */
  private flowCollection(at: number): YAMLMap.Parsed | YAMLSeq.Parsed {
    const { text } = this;
    const isMap = text.charCodeAt(at) === 123;
    const close = isMap ? 125 : 93;
    const collection = (isMap ? new YAMLMap(this.doc.schema) : new YAMLSeq(this.doc.schema)) as YAMLMap.Parsed | YAMLSeq.Parsed;
    collection.flow = true;
    let i = this.skipSpaces(at + 1);
    if (text.charCodeAt(i) !== close) {
      for (;;) {
        let item: ParsedNode;
        if (isMap) {
          const keyEnd = this.keyEnd(i);
          if (keyEnd < 0 || text.charCodeAt(keyEnd + 1) !== SPACE) throw NOT_SIMPLE;
          const key = this.plainScalar(i, keyEnd, true);
          const value = this.flowValue(this.skipSpaces(keyEnd + 1));
          (collection as YAMLMap.Parsed).items.push(new Pair(key, value) as Pair<ParsedNode, ParsedNode>);
          item = value;
        } else {
          item = this.flowValue(i);
          (collection as YAMLSeq.Parsed).items.push(item);
        }
        i = item.range[2];
        const c = text.charCodeAt(i);
        if (c === close) break;
        if (c !== COMMA) throw NOT_SIMPLE;
        i = this.skipSpaces(i + 1);
        if (text.charCodeAt(i) === close) throw NOT_SIMPLE;
      }
    }
    collection.range = [at, i + 1, i + 1];
    return collection;
  }

  /** A value inside a flow collection; its range[2] is after the spaces that follow it. */
  private flowValue(at: number): ParsedNode {
    const node = this.value(at, true);
    node.range = [node.range[0], node.range[1], this.skipSpaces(node.range[1])];
    return node;
  }

  private skipSpaces(at: number): number {
    while (this.text.charCodeAt(at) === SPACE) at++;
    return at;
  }

  /** After the closing quote of the one-line, escape-free quoted scalar at `at`. */
  private quotedEnd(at: number): number {
    const { text } = this;
    const quote = text[at];
    const close = text.indexOf(quote, at + 1);
    if (close < 0) throw NOT_SIMPLE;
    const inner = text.slice(at + 1, close);
    if (inner.includes('\n') || (quote === '"' && inner.includes('\\')) || (quote === "'" && text[close + 1] === "'")) throw NOT_SIMPLE;
    return close + 1;
  }

  private quotedScalar(at: number, end: number): Scalar.Parsed {
    const value = this.text.slice(at + 1, end - 1);
    const scalar = new Scalar(value) as Scalar.Parsed;
    scalar.range = [at, end, end];
    scalar.source = value;
    scalar.type = this.text.charCodeAt(at) === 34 ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE;
    return scalar;
  }

  /**
   * The plain scalar from `start` to `end`, resolved as yaml's composer does: the first default tag
   * whose test matches. Its range is [start, end, end] (a caller that knows more sets range[2]).
   */
  private plainScalar(start: number, end: number, atKey: boolean): Scalar.Parsed {
    const source = this.text.slice(start, end);
    const tag = this.tags.find((t) => (t.default === true || (atKey && t.default === 'key')) && t.test?.test(source));
    let scalar: Scalar.Parsed;
    if (tag) {
      const resolved = tag.resolve(source, () => {
        throw NOT_SIMPLE;
      }, this.doc.options);
      scalar = (isScalar(resolved) ? resolved : new Scalar(resolved)) as Scalar.Parsed;
      if (tag.format) scalar.format = tag.format as Scalar.Parsed['format'];
    } else {
      scalar = new Scalar(source) as Scalar.Parsed;
    }
    scalar.range = [start, end, end];
    scalar.source = source;
    scalar.type = Scalar.PLAIN;
    return scalar;
  }
}
