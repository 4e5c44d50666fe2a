import type { AnalysisBudgets } from '../analyze.js';

/**
 * --max-params, --max-activations and --max-input-bytes, on the commands that read models and data.
 * Always present: their options in main.ts carry the defaults (src/budget/defaults.ts).
 */
export interface BudgetOptions extends Required<AnalysisBudgets> {
  maxInputBytes: number;
}
