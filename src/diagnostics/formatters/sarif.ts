import { pathToFileURL } from 'node:url';
import { DIAGNOSTIC_CODES } from '../codes.js';
import type { Diagnostic, Severity } from '../diagnostic.js';
import type { Formatter } from './types.js';
import { fullMessage, repositoryPath, sortResults } from './types.js';

/** The version SARIF's `tool.driver` reports; a test keeps it equal to package.json's. */
export const TOOL_VERSION = '0.1.0';

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** Repository-relative URIs are resolved against this base, which GitHub maps to the checkout. */
const SOURCE_ROOT = '%SRCROOT%';

/**
 * SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`): one run, one rule
 * per code that occurs (sorted, with the code's description), one result per problem located in
 * the YAML file. Positions are 1-based with an exclusive end column, as in SARIF, counted in
 * UTF-16 code units as the YAML parser counts them. Pretty-printed with a fixed key order and no
 * timestamps, so the same problems give the same bytes.
 */
export const sarif: Formatter = (results, { cwd }) => {
  const sorted = sortResults(results);
  const rules = ruleTable(sorted.flatMap((r) => r.diagnostics));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'layerspec',
            version: TOOL_VERSION,
            semanticVersion: TOOL_VERSION,
            rules: rules.map((rule) => ({
              id: rule.code,
              name: ruleName(rule.code),
              shortDescription: { text: rule.description },
              fullDescription: { text: rule.description },
              defaultConfiguration: { level: rule.level },
            })),
          },
        },
        // The one absolute path in the log, and only to say where %SRCROOT% was on this machine.
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: directoryUri(cwd) } },
        columnKind: 'utf16CodeUnits',
        results: sorted.flatMap((r) =>
          r.diagnostics.map((d) => ({
            ruleId: d.code,
            ruleIndex: rules.findIndex((rule) => rule.code === d.code),
            level: d.severity,
            message: { text: fullMessage(d) },
            locations: [{ physicalLocation: { artifactLocation: artifactLocation(r.filePath, cwd), region: region(d) } }],
          })),
        ),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};

interface Rule {
  code: string;
  description: string;
  level: Severity;
}

/**
 * The codes that occur, sorted. A code carries no severity of its own, so a rule's default level
 * is `error` when any of its problems is an error.
 */
function ruleTable(diagnostics: readonly Diagnostic[]): Rule[] {
  const levels = new Map<string, Severity>();
  for (const d of diagnostics) if (levels.get(d.code) !== 'error') levels.set(d.code, d.severity);
  return [...levels.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((code) => ({ code, description: describe(code), level: levels.get(code) as Severity }));
}

function describe(code: string): string {
  return Object.hasOwn(DIAGNOSTIC_CODES, code) ? DIAGNOSTIC_CODES[code as keyof typeof DIAGNOSTIC_CODES] : `layerspec diagnostic ${code}.`;
}

/** SARIF wants a readable identifier beside the opaque id: `graph/unused-layer` -> `GraphUnusedLayer`. */
function ruleName(code: string): string {
  return code
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

function artifactLocation(filePath: string, cwd: string): { uri: string; uriBaseId?: string } {
  const relative = repositoryPath(filePath, cwd);
  if (relative === undefined) return { uri: fileUri(filePath) };
  return { uri: relative.split('/').map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
}

function region(d: Diagnostic): { startLine: number; startColumn?: number; endLine?: number; endColumn?: number } {
  // A problem of the whole file (unreadable, too large) is shown on its first line.
  if (!d.range) return { startLine: 1 };
  return { startLine: d.range.line, startColumn: d.range.column, endLine: d.range.endLine, endColumn: d.range.endColumn };
}

/** SARIF requires a base URI to end with a slash. */
function directoryUri(directory: string): string {
  const uri = fileUri(directory);
  return uri.endsWith('/') ? uri : `${uri}/`;
}

/**
 * A `file:` URI strict enough for RFC 3986: the WHATWG URL that Node builds leaves a few
 * characters (`[`, `]`, `|`, `^`) unencoded in paths, which a `format: uri` check refuses.
 */
function fileUri(filePath: string): string {
  return pathToFileURL(filePath).href.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/%]/gu, (c) =>
    [...Buffer.from(c, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}
