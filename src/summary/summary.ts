import type { Analysis } from '../analyze.js';
import type { Shape } from '../shape/shape.js';

export interface LayerSummary {
  name: string;
  type: string;
  inputs: string[];
  outputShape: Shape;
  params: number;
  trainableParams: number;
  weights: { name: string; shape: number[] }[];
}

/** The model as Keras's `model.summary()` shows it; `summary --json` prints exactly this. */
export interface ModelSummary {
  name: string;
  description?: string;
  form: 'functional' | 'sequential';
  inputs: { name: string; shape: Shape; dtype: string }[];
  outputs: { name: string; shape: Shape }[];
  layers: LayerSummary[];
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
}

/** Builds the summary of an analysis without errors (every layer has a shape). */
export function summarize(analysis: Analysis): ModelSummary | undefined {
  const { spec, shapes } = analysis;
  if (!spec || !shapes || analysis.diagnostics.some((d) => d.severity === 'error')) return undefined;
  const layers: LayerSummary[] = [];
  for (const layer of spec.layers) {
    const info = shapes.layers.get(layer.name);
    if (!info) return undefined;
    layers.push({
      name: layer.name,
      type: layer.type,
      inputs: layer.inputs,
      outputShape: info.outputShape,
      params: info.params,
      trainableParams: info.trainableParams,
      weights: info.weights.map((w) => ({ name: w.name, shape: w.shape })),
    });
  }
  const totalParams = layers.reduce((n, l) => n + l.params, 0);
  const trainableParams = layers.reduce((n, l) => n + l.trainableParams, 0);
  return {
    name: spec.name,
    description: spec.description,
    form: spec.form,
    inputs: spec.inputs.map((i) => ({ name: i.name, shape: [null, ...i.shape], dtype: i.dtype })),
    outputs: spec.outputs.map((name) => ({ name, shape: shapes.shapes.get(name) ?? [] })),
    layers,
    totalParams,
    trainableParams,
    nonTrainableParams: totalParams - trainableParams,
  };
}
