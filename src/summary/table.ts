import { formatShape } from '../shape/shape.js';
import type { ModelSummary } from './summary.js';

export interface SummaryRow {
  layer: string;
  type: string;
  outputShape: string;
  params: string;
  connectedTo: string;
}

export const SUMMARY_HEADERS: SummaryRow = {
  layer: 'Layer (type)',
  type: '',
  outputShape: 'Output Shape',
  params: 'Param #',
  connectedTo: 'Connected to',
};

/** The rows of Keras's summary table, as text cells (input layers first in the functional form). */
export function summaryRows(summary: ModelSummary): SummaryRow[] {
  const rows: SummaryRow[] = [];
  if (summary.form === 'functional') {
    for (const input of summary.inputs) {
      rows.push({ layer: input.name, type: 'InputLayer', outputShape: formatShape(input.shape), params: '0', connectedTo: '-' });
    }
  }
  for (const layer of summary.layers) {
    rows.push({
      layer: layer.name,
      type: layer.type,
      outputShape: formatShape(layer.outputShape),
      params: formatCount(layer.params),
      connectedTo: summary.form === 'functional' ? layer.inputs.join(', ') : '',
    });
  }
  return rows;
}

/** Keras prints counts with thousands separators: 1,234,567. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** Keras prints the float32 size of the parameters next to the counts: "(1.23 MB)". */
export function formatBytes(params: number): string {
  const bytes = params * 4;
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(2)} ${units[unit]}`;
}

export function totalsLines(summary: ModelSummary): string[] {
  return [
    `Total params: ${formatCount(summary.totalParams)} (${formatBytes(summary.totalParams)})`,
    `Trainable params: ${formatCount(summary.trainableParams)} (${formatBytes(summary.trainableParams)})`,
    `Non-trainable params: ${formatCount(summary.nonTrainableParams)} (${formatBytes(summary.nonTrainableParams)})`,
  ];
}
