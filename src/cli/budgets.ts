import { DEFAULT_MAX_ACTIVATIONS, DEFAULT_MAX_INPUT_BYTES, DEFAULT_MAX_PARAMS } from '../budget/defaults.js';
import type { AnalysisBudgets } from '../analyze.js';

/** --max-params, --max-activations and --max-input-bytes, on the commands that read models and data (defaults when absent). */
export interface BudgetOptions {
  maxParams?: number;
  maxActivations?: number;
  maxInputBytes?: number;
}

export const modelBudgets = (options: BudgetOptions): AnalysisBudgets => ({
  maxParams: options.maxParams ?? DEFAULT_MAX_PARAMS,
  maxActivations: options.maxActivations ?? DEFAULT_MAX_ACTIVATIONS,
});
export const inputBytesBudget = (options: BudgetOptions): number => options.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES;
