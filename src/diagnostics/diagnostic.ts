/** A 1-based source range in the model file; `endColumn` is exclusive, as in ESLint. */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type Severity = 'error' | 'warning';

/**
 * A problem found in a model file, as data. `code` is stable (tests, CI filters and SARIF rule
 * ids depend on it); `message` names the layer and the full shapes; `hint` says what to do.
 */
export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  file: string;
  range?: SourceRange;
  hint?: string;
  /** The layer concerned, when there is one. */
  layer?: string;
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else warnings++;
  }
  return { errors, warnings };
}

/** Stable order: by position, then code; diagnostics without a position first. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.range?.line ?? 0) - (b.range?.line ?? 0) ||
      (a.range?.column ?? 0) - (b.range?.column ?? 0) ||
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
      a.code.localeCompare(b.code) ||
      a.message.localeCompare(b.message),
  );
}

/**
 * `target.push(...items)` for arrays of any length: a spread passes every item as an argument, and
 * a hostile file (300 000 unknown keys) yields more diagnostics than the engine takes as arguments.
 */
export function pushAll<T>(target: T[], items: Iterable<T>): void {
  for (const item of items) target.push(item);
}
