import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES } from '../../src/diagnostics/codes.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { FORMATTERS, type FileResult } from '../../src/diagnostics/formatters/index.js';
import { TOOL_VERSION } from '../../src/diagnostics/formatters/sarif.js';
import { ROOT, runCli } from '../cli/run-cli.js';

// The CI formats: GitHub workflow commands, SARIF for code scanning, JUnit XML for test reports.

const CWD = '/repo';
const format = (name: string, results: readonly FileResult[]) => FORMATTERS[name](results, { color: false, cwd: CWD });

function problem(file: string, code: string, severity: Diagnostic['severity'], message: string, range?: [number, number, number, number], hint?: string): Diagnostic {
  const d: Diagnostic = { code, severity, message, file };
  if (range) d.range = { line: range[0], column: range[1], endLine: range[2], endColumn: range[3] };
  if (hint) d.hint = hint;
  return d;
}

const B = '/repo/models/b.yaml';
const C = '/repo/models/c.yaml';
// Given out of order (files and problems): every format sorts them itself.
const RESULTS: FileResult[] = [
  {
    filePath: B,
    diagnostics: [
      problem(B, 'schema/unknown-key', 'error', "Layer 'head' (Dense): unknown key `unitz`", [6, 37, 6, 42], 'did you mean `units`?'),
      problem(B, 'graph/unused-layer', 'warning', "Layer 'extra' (Dense) does not contribute to any output", [5, 3, 5, 8], 'add it to `outputs:` or remove it'),
      problem(B, 'shape/rank', 'error', "Layer 'conv' (Conv2D) expects a 4D input, got (None, 28, 28)", [5, 3, 7, 1]),
    ],
  },
  { filePath: '/repo/models/a.yaml', diagnostics: [] },
  { filePath: C, diagnostics: [problem(C, 'yaml/syntax', 'error', 'Nested mappings are not allowed in compact mappings')] },
];

describe('check --format github', () => {
  it('prints one workflow command per problem, sorted, columns only within one line, then a summary', () => {
    expect(format('github', RESULTS)).toBe(
      [
        "::error file=models/b.yaml,line=5,endLine=7,title=shape/rank::Layer 'conv' (Conv2D) expects a 4D input, got (None, 28, 28)",
        "::warning file=models/b.yaml,line=5,endLine=5,col=3,endColumn=8,title=graph/unused-layer::Layer 'extra' (Dense) does not contribute to any output%0Ahint: add it to `outputs:` or remove it",
        "::error file=models/b.yaml,line=6,endLine=6,col=37,endColumn=42,title=schema/unknown-key::Layer 'head' (Dense): unknown key `unitz`%0Ahint: did you mean `units`?",
        '::error file=models/c.yaml,title=yaml/syntax::Nested mappings are not allowed in compact mappings',
        'layerspec: 4 problems (3 errors, 1 warning) in 2 files',
        '',
      ].join('\n'),
    );
  });

  it('prints nothing for clean files', () => {
    expect(format('github', [{ filePath: '/repo/models/a.yaml', diagnostics: [] }])).toBe('');
  });

  it('says so when GitHub will not annotate every problem', () => {
    const many = Array.from({ length: 11 }, (_, i) => problem(B, 'graph/unused-layer', 'warning', `unused ${i}`, [i + 1, 1, i + 1, 2]));
    const lines = format('github', [{ filePath: B, diagnostics: many }]).trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('::warning '))).toHaveLength(11);
    expect(lines.at(-2)).toBe('layerspec: 11 problems (0 errors, 11 warnings) in 1 file');
    expect(lines.at(-1)).toMatch(/^layerspec: GitHub annotates only 10 errors and 10 warnings per step/);
  });

  it('escapes messages and file names so that they cannot start or alter a command', () => {
    const file = '/repo/models/we,ird:na%me=x.yaml';
    const message = 'bad\n::error::pwned\r\n::add-mask::secret 100%25';
    const hint = 'a, b: c';
    const text = format('github', [{ filePath: file, diagnostics: [problem(file, 'schema/invalid', 'warning', message, [1, 2, 1, 3], hint)] }]);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      '::warning file=models/we%2Cird%3Ana%25me=x.yaml,line=1,endLine=1,col=2,endColumn=3,title=schema/invalid::bad%0A::error::pwned%0D%0A::add-mask::secret 100%2525%0Ahint: a, b: c',
    );
    // Read back as the runner reads it, the command has exactly the intended parts.
    expect(parseWorkflowCommand(lines[0])).toEqual({
      command: 'warning',
      properties: { file: 'models/we,ird:na%me=x.yaml', line: '1', endLine: '1', col: '2', endColumn: '3', title: 'schema/invalid' },
      message: `${message}\nhint: ${hint}`,
    });
  });
});

/**
 * A workflow command as the Actions runner parses it: `::`, the command, a space, `key=value`
 * properties split at `,` up to the first `::`, then the message; `%XX` decoded afterwards.
 */
function parseWorkflowCommand(line: string): { command: string; properties: Record<string, string>; message: string } {
  expect(line.startsWith('::')).toBe(true);
  const end = line.indexOf('::', 2);
  const info = line.slice(2, end);
  const space = info.indexOf(' ');
  const properties: Record<string, string> = {};
  for (const pair of info.slice(space + 1).split(',')) {
    const eq = pair.indexOf('=');
    properties[pair.slice(0, eq)] = unescapeCommand(pair.slice(eq + 1));
  }
  return { command: info.slice(0, space), properties, message: unescapeCommand(line.slice(end + 2)) };
}

function unescapeCommand(text: string): string {
  const codes: Record<string, string> = { '%25': '%', '%0D': '\r', '%0A': '\n', '%3A': ':', '%2C': ',' };
  return text.replace(/%(?:25|0D|0A|3A|2C)/g, (code) => codes[code]);
}

const sarifSchema = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/sarif/sarif-2.1.0-layerspec.schema.json'), 'utf8'));
// RFC 3986 characters only, `%` only as `%XX`; `uri` also needs a scheme.
const URI_CHARACTERS = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#]|%[0-9A-Fa-f]{2})*$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const ajv = new Ajv({ allErrors: true })
  .addFormat('uri', (s: string) => SCHEME.test(s) && URI_CHARACTERS.test(s))
  .addFormat('uri-reference', (s: string) => URI_CHARACTERS.test(s));
const validateSarif = ajv.compile(sarifSchema);

function expectValidSarif(text: string): SarifLog {
  const log = JSON.parse(text);
  expect(validateSarif(log), JSON.stringify(validateSarif.errors?.slice(0, 5), null, 1)).toBe(true);
  return log as SarifLog;
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: Record<string, number> } }[];
}
interface SarifLog {
  runs: { tool: { driver: { rules: { id: string }[] } }; results: SarifResult[] }[];
}

describe('check --format sarif', () => {
  it('writes SARIF 2.1.0: rules for the codes used, results sorted, regions as given', () => {
    const result = (ruleId: string, ruleIndex: number, level: string, text: string, uri: string, region: Record<string, number>) => ({
      ruleId,
      ruleIndex,
      level,
      message: { text },
      locations: [{ physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' }, region } }],
    });
    const rule = (id: string, name: string, level: string) => ({
      id,
      name,
      shortDescription: { text: DIAGNOSTIC_CODES[id as keyof typeof DIAGNOSTIC_CODES] },
      fullDescription: { text: DIAGNOSTIC_CODES[id as keyof typeof DIAGNOSTIC_CODES] },
      defaultConfiguration: { level },
    });
    const expected = {
      $schema: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'layerspec',
              version: TOOL_VERSION,
              semanticVersion: TOOL_VERSION,
              rules: [
                rule('graph/unused-layer', 'GraphUnusedLayer', 'warning'),
                rule('schema/unknown-key', 'SchemaUnknownKey', 'error'),
                rule('shape/rank', 'ShapeRank', 'error'),
                rule('yaml/syntax', 'YamlSyntax', 'error'),
              ],
            },
          },
          originalUriBaseIds: { '%SRCROOT%': { uri: 'file:///repo/' } },
          columnKind: 'utf16CodeUnits',
          results: [
            result('shape/rank', 2, 'error', "Layer 'conv' (Conv2D) expects a 4D input, got (None, 28, 28)", 'models/b.yaml', { startLine: 5, startColumn: 3, endLine: 7, endColumn: 1 }),
            result('graph/unused-layer', 0, 'warning', "Layer 'extra' (Dense) does not contribute to any output. Add it to `outputs:` or remove it.", 'models/b.yaml', { startLine: 5, startColumn: 3, endLine: 5, endColumn: 8 }),
            result('schema/unknown-key', 1, 'error', "Layer 'head' (Dense): unknown key `unitz`. Did you mean `units`?", 'models/b.yaml', { startLine: 6, startColumn: 37, endLine: 6, endColumn: 42 }),
            result('yaml/syntax', 3, 'error', 'Nested mappings are not allowed in compact mappings', 'models/c.yaml', { startLine: 1 }),
          ],
        },
      ],
    };
    const text = format('sarif', RESULTS);
    // Byte for byte: key order and indentation are part of the output's stability.
    expect(text).toBe(`${JSON.stringify(expected, null, 2)}\n`);
    expectValidSarif(text);
  });

  it('is byte-identical whatever order the files and problems come in', () => {
    const shuffled = [...RESULTS].reverse().map((r) => ({ ...r, diagnostics: [...r.diagnostics].reverse() }));
    expect(format('sarif', shuffled)).toBe(format('sarif', RESULTS));
  });

  it('writes a valid empty run when there is nothing to report (so code scanning closes old alerts)', () => {
    const log = expectValidSarif(format('sarif', [{ filePath: '/repo/models/a.yaml', diagnostics: [] }]));
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].tool.driver.rules).toEqual([]);
  });

  it('percent-encodes file names into relative URIs, and gives a file outside the root an absolute one', () => {
    const odd = '/repo/models/my model #1 [v2] 100%.yaml';
    const colon = '/repo/a:b.yaml';
    const outside = '/elsewhere/x y.yaml';
    const results = [odd, colon, outside].map((file) => ({ filePath: file, diagnostics: [problem(file, 'schema/invalid', 'error', 'say "hi"\n\u0000')] }));
    const log = expectValidSarif(format('sarif', results));
    const locations = log.runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation);
    expect(locations).toEqual([
      { uri: 'file:///elsewhere/x%20y.yaml' },
      { uri: 'a%3Ab.yaml', uriBaseId: '%SRCROOT%' },
      { uri: 'models/my%20model%20%231%20%5Bv2%5D%20100%25.yaml', uriBaseId: '%SRCROOT%' },
    ]);
    // A relative URI must not read as a scheme (`a:`), and must resolve back to the file.
    expect(SCHEME.test(locations[1].uri)).toBe(false);
    expect(decodeURIComponent(new URL(locations[2].uri, 'file:///repo/').pathname)).toBe(odd);
    expect(log.runs[0].results[0].message.text).toBe('say "hi"\n\u0000');
  });

  it('describes a code it does not know instead of failing', () => {
    const log = expectValidSarif(format('sarif', [{ filePath: B, diagnostics: [problem(B, 'plugin/custom-check', 'warning', 'custom')] }]));
    expect(log.runs[0].tool.driver.rules).toEqual([
      expect.objectContaining({ id: 'plugin/custom-check', name: 'PluginCustomCheck', shortDescription: { text: 'layerspec diagnostic plugin/custom-check.' } }),
    ]);
  });

  it('the test schema itself refuses what code scanning would refuse', () => {
    const log = JSON.parse(format('sarif', RESULTS));
    const broken = [
      (l: any) => delete l.runs[0].results[0].message,
      (l: any) => (l.runs[0].results[0].level = 'fatal'),
      (l: any) => (l.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0),
      (l: any) => (l.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'models/b c.yaml'),
      (l: any) => (l.runs[0].tool.driver.rules[0].shortDescripton = { text: 'typo' }),
      (l: any) => (l.version = '2.0.0'),
    ];
    for (const breakIt of broken) {
      const copy = structuredClone(log);
      breakIt(copy);
      expect(validateSarif(copy), String(breakIt)).toBe(false);
    }
  });

  it('reports the version in package.json', () => {
    expect(TOOL_VERSION).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });
});

describe('check --format junit', () => {
  it('writes one test case per file, its errors as one failure and its warnings as output', () => {
    expect(format('junit', RESULTS)).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="layerspec" tests="3" failures="2" errors="0">',
        '  <testsuite name="layerspec check" tests="3" failures="2" errors="0" skipped="0">',
        '    <testcase classname="layerspec" name="models/a.yaml"/>',
        '    <testcase classname="layerspec" name="models/b.yaml">',
        '      <failure message="2 errors: Layer &apos;conv&apos; (Conv2D) expects a 4D input, got (None, 28, 28)" type="shape/rank">' +
          "5:3 error shape/rank Layer 'conv' (Conv2D) expects a 4D input, got (None, 28, 28)",
        "6:37 error schema/unknown-key Layer 'head' (Dense): unknown key `unitz`",
        '    hint: did you mean `units`?</failure>',
        "      <system-out>5:3 warning graph/unused-layer Layer 'extra' (Dense) does not contribute to any output",
        '    hint: add it to `outputs:` or remove it</system-out>',
        '    </testcase>',
        '    <testcase classname="layerspec" name="models/c.yaml">',
        '      <failure message="1 error: Nested mappings are not allowed in compact mappings" type="yaml/syntax">0:0 error yaml/syntax Nested mappings are not allowed in compact mappings</failure>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
    const root = parseXml(format('junit', RESULTS));
    expect(root.name).toBe('testsuites');
  });

  it('escapes markup and drops characters XML 1.0 cannot hold, so the report stays well-formed', () => {
    const file = `/repo/models/a"<&>'.yaml`;
    const message = 'x</failure><injected a="1"/>&amp; \u0000\u001b[31m \uD800 \uFFFE\tend\r\nnext ]]>';
    const results = [{ filePath: file, diagnostics: [problem(file, 'schema/invalid', 'error', message, [1, 1, 1, 2]), problem(file, 'graph/unused-input', 'warning', message, [2, 1, 2, 2])] }];
    const root = parseXml(format('junit', results));
    const testCase = child(child(root, 'testsuite'), 'testcase');
    expect(testCase.attributes.name).toBe(`models/a"<&>'.yaml`);
    expect(testCase.children.filter((c) => typeof c !== 'string').map((c) => (c as XmlElement).name)).toEqual(['failure', 'system-out']);
    const readable = 'x</failure><injected a="1"/>&amp; \uFFFD\uFFFD[31m \uFFFD \uFFFD\tend\r\nnext ]]>';
    const failure = child(testCase, 'failure');
    expect(failure.attributes.message).toBe(`1 error: ${readable}`);
    expect(failure.children).toEqual([`1:1 error schema/invalid ${readable}`]);
    expect(child(testCase, 'system-out').children).toEqual([`2:1 warning graph/unused-input ${readable}`]);
  });

  it('the XML check itself refuses what is not well-formed', () => {
    for (const bad of ['<a>&</a>', '<a b="<"/>', '<a></b>', '<a>\u0001</a>', '<a/><b/>', '<a b="1" b="2"/>', '<a>]]></a>', '<a>&#0;</a>', '<a']) {
      expect(() => parseXml(bad), bad).toThrow();
    }
    expect(parseXml('<a b="x&#10;y&#9;z\n"><c/>t&amp;</a>')).toEqual({ name: 'a', attributes: { b: 'x\ny\tz ' }, children: [{ name: 'c', attributes: {}, children: [] }, 't&'] });
  });
});

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: (XmlElement | string)[];
}

function child(element: XmlElement, name: string): XmlElement {
  const found = element.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === name);
  if (!found) throw new Error(`<${element.name}> has no <${name}>`);
  return found;
}

const XML_CHAR = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]$/u;

/**
 * A strict, minimal XML 1.0 reader for what the JUnit format writes (elements, attributes, text,
 * the five entities and character references, an XML declaration): throws on anything that is
 * not well-formed, returns the decoded tree (text children with surrounding whitespace kept).
 */
function parseXml(xml: string): XmlElement {
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`${why} at ${i}: ${JSON.stringify(xml.slice(i, i + 30))}`);
  };
  for (const c of xml) if (!XML_CHAR.test(c)) fail(`character U+${c.codePointAt(0)?.toString(16)} is not allowed in XML 1.0`);
  const skipSpace = () => {
    const start = i;
    while (/[ \t\r\n]/.test(xml[i] ?? '')) i++;
    return i > start;
  };
  const name = () => {
    const m = /[A-Za-z_:][\w.:-]*/y;
    m.lastIndex = i;
    const found = m.exec(xml);
    if (!found) return fail('expected a name');
    i += found[0].length;
    return found[0];
  };
  const expectText = (s: string) => {
    if (!xml.startsWith(s, i)) fail(`expected ${s}`);
    i += s.length;
  };
  const decode = (raw: string, attribute: boolean) => {
    let text = raw.replace(/\r\n?/g, '\n');
    if (attribute) text = text.replace(/[\t\n]/g, ' ');
    return text.replace(/&([^;]*);|&/g, (ref, body: string | undefined) => {
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
      if (body === undefined) return fail('a bare &');
      if (body in named) return named[body];
      const code = /^#x[0-9A-Fa-f]+$/.test(body) ? parseInt(body.slice(2), 16) : /^#[0-9]+$/.test(body) ? parseInt(body.slice(1), 10) : NaN;
      const c = Number.isNaN(code) || code > 0x10ffff ? '' : String.fromCodePoint(code);
      return XML_CHAR.test(c) ? c : fail(`bad reference ${ref}`);
    });
  };
  const element = (): XmlElement => {
    expectText('<');
    const tag = name();
    const attributes: Record<string, string> = {};
    for (;;) {
      const spaced = skipSpace();
      if (xml.startsWith('/>', i)) {
        i += 2;
        return { name: tag, attributes, children: [] };
      }
      if (xml[i] === '>') break;
      if (!spaced) fail('expected a space before an attribute');
      const key = name();
      if (key in attributes) fail(`attribute ${key} twice`);
      skipSpace();
      expectText('=');
      skipSpace();
      const quote = xml[i];
      if (quote !== '"' && quote !== "'") fail('expected a quoted value');
      const end = xml.indexOf(quote, i + 1);
      if (end < 0) fail('unterminated attribute value');
      const raw = xml.slice(i + 1, end);
      if (raw.includes('<')) fail('< in an attribute value');
      attributes[key] = decode(raw, true);
      i = end + 1;
    }
    i++;
    const children: (XmlElement | string)[] = [];
    for (;;) {
      if (xml.startsWith('</', i)) {
        i += 2;
        if (name() !== tag) fail(`mismatched end tag for <${tag}>`);
        skipSpace();
        expectText('>');
        return { name: tag, attributes, children };
      }
      if (xml.startsWith('<!', i) || xml.startsWith('<?', i)) fail('unexpected markup');
      if (xml[i] === '<') {
        children.push(element());
        continue;
      }
      const next = xml.indexOf('<', i);
      if (next < 0) fail(`<${tag}> is not closed`);
      const raw = xml.slice(i, next);
      if (raw.includes(']]>')) fail(']]> in text');
      children.push(decode(raw, false));
      i = next;
    }
  };
  if (xml.startsWith('<?xml')) {
    i = xml.indexOf('?>') + 2;
    if (i < 2) fail('unterminated XML declaration');
  }
  skipSpace();
  const root = element();
  skipSpace();
  if (i !== xml.length) fail('content after the root element');
  return root;
}

describe('the CI formats end to end (built CLI)', () => {
  const invalid = 'models/invalid/*.yaml';
  const json = runCli(['check', '--format', 'json', invalid]);
  const expected = JSON.parse(json.stdout) as { filePath: string; errorCount: number; warningCount: number }[];
  const errors = expected.reduce((n, r) => n + r.errorCount, 0);
  const warnings = expected.reduce((n, r) => n + r.warningCount, 0);

  it('lists the formats in the usage error', () => {
    expect(runCli(['check', '--format', 'xml', 'models/cnn.yaml']).stderr).toContain('formats: stylish, json, github, sarif, junit');
  });

  it('sarif: a valid log of every problem in the catalogue of mistakes, repository-relative, stable', () => {
    const r = runCli(['check', '--format', 'sarif', invalid]);
    expect(r.code).toBe(1);
    const log = expectValidSarif(r.stdout);
    const results = log.runs[0].results;
    expect(results.filter((x) => x.level === 'error')).toHaveLength(errors);
    expect(results.filter((x) => x.level === 'warning')).toHaveLength(warnings);
    const rules = log.runs[0].tool.driver.rules.map((rule) => rule.id);
    for (const x of results) {
      expect(Object.keys(DIAGNOSTIC_CODES)).toContain(x.ruleId);
      expect(rules[x.ruleIndex]).toBe(x.ruleId);
      expect(x.locations[0].physicalLocation.artifactLocation).toEqual({ uri: expect.stringMatching(/^models\/invalid\/[\w.-]+\.yaml$/), uriBaseId: '%SRCROOT%' });
    }
    const files = ['models/invalid/cycle.yaml', 'models/invalid/unused-layer.yaml', 'models/cnn.yaml'];
    const once = runCli(['check', '--format', 'sarif', ...files]).stdout;
    expect(runCli(['check', '--format', 'sarif', ...files.reverse()]).stdout).toBe(once);
    expect(once).not.toContain(`${ROOT}/models`);
  });

  it('github: one command per problem and the totals', () => {
    const r = runCli(['check', '--format', 'github', invalid]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => /^::error file=models\/invalid\/[\w.-]+\.yaml,line=\d+,/.test(l))).toHaveLength(errors);
    expect(lines.filter((l) => /^::warning file=models\/invalid\/[\w.-]+\.yaml,line=\d+,/.test(l))).toHaveLength(warnings);
    const withProblems = expected.filter((f) => f.errorCount + f.warningCount > 0).length;
    expect(lines).toContain(`layerspec: ${errors + warnings} problems (${errors} errors, ${warnings} warnings) in ${withProblems} files`);
    expect(lines).toHaveLength(errors + warnings + 2);
  });

  it('junit: a well-formed report with a test case per file', () => {
    const r = runCli(['check', '--format', 'junit', invalid, 'models/cnn.yaml']);
    expect(r.code).toBe(1);
    const suite = child(parseXml(r.stdout), 'testsuite');
    const cases = suite.children.filter((c): c is XmlElement => typeof c !== 'string');
    expect(cases).toHaveLength(expected.length + 1);
    expect(suite.attributes.failures).toBe(String(expected.filter((f) => f.errorCount > 0).length));
    expect(cases.find((c) => c.attributes.name === 'models/cnn.yaml')?.children).toEqual([]);
  });
});
