import { styles, type Styles } from '../diagnostics/formatters/ansi.js';
import { formatShape } from '../shape/shape.js';
import { formatCount } from '../summary/table.js';
import type { CountChange, LayerChange, LayerDiffEntry, LayerEntry, ModelDiff, ParamChange } from './model-diff.js';
import { pushAll } from '../diagnostics/diagnostic.js';

/**
 * The diff as a compact report, one line per listed layer (`+` added, `-` removed, `~` changed),
 * the name and type columns aligned; the unchanged layers are only counted.
 */
export function diffText(diff: ModelDiff, options: { color?: boolean } = {}): string {
  const s = styles(Boolean(options.color));
  const out = [s.bold(`--- ${diff.old.file} (${diff.old.name})`), s.bold(`+++ ${diff.new.file} (${diff.new.name})`)];

  const { inputs } = diff;
  if (inputs.added.length + inputs.removed.length + inputs.changed.length > 0) {
    out.push('Inputs:');
    const rows: [string, string, string][] = [
      ...inputs.changed.map((i): [string, string, string] => [
        s.yellow('~'),
        i.name,
        [i.shape && `shape ${formatShape(i.shape.old)} → ${formatShape(i.shape.new)}`, i.dtype && `dtype ${i.dtype.old} → ${i.dtype.new}`]
          .filter(Boolean)
          .join('; '),
      ]),
      ...inputs.added.map((i): [string, string, string] => [s.green('+'), i.name, `${formatShape(i.shape)} ${i.dtype}`]),
      ...inputs.removed.map((i): [string, string, string] => [s.red('-'), i.name, `${formatShape(i.shape)} ${i.dtype}`]),
    ];
    pushAll(out, aligned(rows.map(([mark, name, text]) => [mark, name, '', text])));
  }
  if (diff.outputs.changed) {
    const outputs = (list: ModelDiff['outputs']['old']) => list.map((o) => `${o.name} ${formatShape(o.shape)}`).join(', ');
    out.push(`Outputs: ${outputs(diff.outputs.old)} → ${outputs(diff.outputs.new)}`);
  }

  const count = (kind: LayerDiffEntry['kind']) => diff.layers.filter((e) => e.kind === kind).length;
  if (diff.layers.length === 0) {
    out.push(`Layers: no changes (${diff.unchangedLayers} unchanged)`);
  } else {
    out.push(`Layers: ${count('added')} added, ${count('removed')} removed, ${count('changed')} changed, ${diff.unchangedLayers} unchanged`);
    pushAll(out, aligned(diff.layers.map((e) => layerRow(e, s))));
  }
  out.push(`Total params: ${totalText(diff.totals.totalParams)}`);
  out.push(`Trainable params: ${totalText(diff.totals.trainableParams)}`);
  return `${out.join('\n')}\n`;
}

/** [mark, name, type, details] */
type Row = [string, string, string, string];

function layerRow(entry: LayerDiffEntry, s: Styles): Row {
  if (entry.kind === 'changed') return changedRow(entry.change, s);
  const { layer } = entry;
  if (entry.kind === 'removed') return [s.red('-'), layer.name, layer.type, describe(layer, {}).join('; ')];
  return [s.green('+'), layer.name, layer.type, describe(layer, layer.configNonDefault).join('; ')];
}

/** An added or removed layer: its non-default params (added only), its output and its weights. */
function describe(layer: LayerEntry, params: Record<string, unknown>): string[] {
  const parts: string[] = [];
  const written = Object.entries(params).map(([key, value]) => `${key} ${formatValue(value)}`);
  if (written.length > 0) parts.push(written.join(', '));
  parts.push(`output ${formatShape(layer.outputShape)}`);
  if (layer.params > 0) parts.push(`params ${formatCount(layer.params)}`);
  return parts;
}

function changedRow(change: LayerChange, s: Styles): Row {
  const type = typeof change.type === 'string' ? change.type : `${change.type.old} → ${change.type.new}`;
  const parts: string[] = [];
  if (change.params) parts.push(Object.entries(change.params).map(([key, c]) => `${key} ${paramText(c)}`).join(', '));
  if (change.inputs) parts.push(`inputs ${change.inputs.old.join(', ')} → ${change.inputs.new.join(', ')}`);
  if (change.trainable) parts.push(`trainable ${change.trainable.old} → ${change.trainable.new}`);
  if (change.outputShape) parts.push(`output ${formatShape(change.outputShape.old)} → ${formatShape(change.outputShape.new)}`);
  if (change.paramCount) parts.push(`params ${countText(change.paramCount)}`);
  // Worth its own words only when it does not follow from the params line (freezing, a non-trainable weight).
  const t = change.trainableParams;
  const p = change.paramCount;
  if (t && !(p && p.old === t.old && p.new === t.new)) parts.push(`trainable params ${countText(t)}`);
  return [s.yellow('~'), change.name, type, parts.join('; ')];
}

function aligned(rows: Row[]): string[] {
  // (reduce, not Math.max(...): a model can have more layers than a call takes arguments)
  const nameWidth = rows.reduce((w, r) => Math.max(w, r[1].length), 0);
  const typeWidth = rows.reduce((w, r) => Math.max(w, r[2].length), 0);
  return rows.map(([mark, name, type, details]) =>
    `  ${mark} ${name.padEnd(nameWidth)}  ${typeWidth > 0 ? `${type.padEnd(typeWidth)}  ` : ''}${details}`.trimEnd(),
  );
}

function paramText(change: ParamChange): string {
  const side = (key: 'old' | 'new') => (key in change ? formatValue(change[key]) : '(unset)');
  return `${side('old')} → ${side('new')}`;
}

function countText(c: CountChange): string {
  return `${formatCount(c.old)} → ${formatCount(c.new)} (${signed(c.delta)})`;
}

function totalText(c: CountChange): string {
  if (c.delta === 0) return `${formatCount(c.new)} (unchanged)`;
  const percent = c.percent === null ? '' : `, ${c.percent > 0 ? '+' : ''}${c.percent.toFixed(1)}%`;
  return `${formatCount(c.old)} → ${formatCount(c.new)} (${signed(c.delta)}${percent})`;
}

function signed(n: number): string {
  return n > 0 ? `+${formatCount(n)}` : formatCount(n);
}

/** YAML-like and short: `same`, `[3, 3]`, `{type: l2, l2: 0.01}`, `null`. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value === '' || /[\s,:[\]{}]/.test(value) ? JSON.stringify(value) : value;
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${formatValue(v)}`).join(', ')}}`;
  }
  return String(value);
}
