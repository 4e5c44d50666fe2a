import { countBySeverity, pushAll, type Diagnostic } from '../diagnostic.js';
import type { Formatter } from './types.js';
import { ciPath, plural, sortResults } from './types.js';

/**
 * JUnit XML for CI test reports (GitLab, Jenkins, Azure DevOps): each checked file is a test case
 * that fails when the file has errors. A file's errors go into one `<failure>` (message: the
 * count and the first error; type: the first error's code; text: every error with its position
 * and hint) because most readers take only the first `<failure>` of a test case. Warnings do not
 * fail the test: they are listed in its `<system-out>`.
 */
export const junit: Formatter = (results, { cwd }) => {
  const files = sortResults(results);
  const failed = files.filter((r) => countBySeverity(r.diagnostics).errors > 0).length;
  const counts = `tests="${files.length}" failures="${failed}" errors="0"`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="layerspec" ${counts}>`,
    `  <testsuite name="layerspec check" ${counts} skipped="0">`,
  ];
  for (const result of files) {
    pushAll(lines, testCase(ciPath(result.filePath, cwd), result.diagnostics));
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
};

function testCase(file: string, diagnostics: readonly Diagnostic[]): string[] {
  const open = `    <testcase classname="layerspec" name="${escapeXml(file)}"`;
  if (diagnostics.length === 0) return [`${open}/>`];
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const warnings = diagnostics.filter((d) => d.severity === 'warning');
  const lines = [`${open}>`];
  if (errors.length > 0) {
    const message = `${plural(errors.length, 'error')}: ${errors[0].message}`;
    lines.push(`      <failure message="${escapeXml(message)}" type="${escapeXml(errors[0].code)}">${escapeXml(errors.map(plainLine).join('\n'), 'text')}</failure>`);
  }
  if (warnings.length > 0) lines.push(`      <system-out>${escapeXml(warnings.map(plainLine).join('\n'), 'text')}</system-out>`);
  lines.push('    </testcase>');
  return lines;
}

/** `line:column severity code message`, then the hint indented below: the stylish row as text. */
function plainLine(d: Diagnostic): string {
  const position = d.range ? `${d.range.line}:${d.range.column}` : '0:0';
  return `${position} ${d.severity} ${d.code} ${d.message}${d.hint ? `\n    hint: ${d.hint}` : ''}`;
}

/**
 * Text safe in XML 1.0: `&`, `<`, `>` as entities (`>` for `]]>`); CR as a reference (a parser
 * would turn it into LF); in an attribute also both quotes, tab and LF (which a parser would
 * turn into spaces); characters
 * XML 1.0 does not allow at all (other control characters, lone surrogates, U+FFFE, U+FFFF)
 * replaced by U+FFFD, since no reference can express them.
 */
export function escapeXml(text: string, where: 'text' | 'attribute' = 'attribute'): string {
  const pattern = where === 'attribute' ? ATTRIBUTE_SPECIALS : TEXT_SPECIALS;
  return text.replace(pattern, (c) => XML_ESCAPES[c] ?? '\uFFFD');
}

// Both end with the characters XML 1.0 does not allow.
const ATTRIBUTE_SPECIALS = /[&<>"'\t\n\r]|[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const TEXT_SPECIALS = /[&<>\r]|[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};
