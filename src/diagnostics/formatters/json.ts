import { countBySeverity } from '../diagnostic.js';
import type { Formatter } from './types.js';
import { fullMessage } from './types.js';

/** ESLint's `json` format: one result per file, severity 2 = error, 1 = warning, 1-based positions. */
export const json: Formatter = (results) =>
  JSON.stringify(
    results.map((r) => {
      const { errors, warnings } = countBySeverity(r.diagnostics);
      return {
        filePath: r.filePath,
        messages: r.diagnostics.map((d) => ({
          ruleId: d.code,
          severity: d.severity === 'error' ? 2 : 1,
          message: fullMessage(d),
          line: d.range?.line ?? 1,
          column: d.range?.column ?? 1,
          endLine: d.range?.endLine ?? d.range?.line ?? 1,
          endColumn: d.range?.endColumn ?? d.range?.column ?? 1,
        })),
        errorCount: errors,
        warningCount: warnings,
        fatalErrorCount: 0,
        fixableErrorCount: 0,
        fixableWarningCount: 0,
      };
    }),
  );
