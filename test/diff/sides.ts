import { analyzeSource } from '../../src/analyze.js';
import type { DiffSide } from '../../src/diff/model-diff.js';
import { summarize } from '../../src/summary/summary.js';

/** A valid model file as `diff` has it; throws on any error so that a broken fixture fails loudly. */
export function side(text: string, file: string): DiffSide {
  const analysis = analyzeSource(text, file);
  const summary = summarize(analysis);
  if (!summary || !analysis.spec) throw new Error(`${file}: ${analysis.diagnostics.map((d) => d.message).join('; ')}`);
  return { file, summary, spec: analysis.spec };
}
