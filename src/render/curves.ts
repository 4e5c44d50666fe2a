import { epochTicks, valueScale } from './ticks.js';
import { escapeXml, MONO_ADVANCE, num, svgDocument } from './xml.js';

/**
 * Training curves as a standalone SVG: one chart per quantity (loss, then each metric), epochs
 * across, the training values as a solid line and the validation values (`val_*`) as a dashed one,
 * with ticks, axis labels and a legend; the value axis is logarithmic when the values span two
 * decades or more. A NaN or infinite value (JSON's null) breaks the line and
 * is marked with a red cross at the top of the chart. Pure: the history in, the SVG text out.
 */

/** Keras's History.history: `{loss: [...], val_loss: [...], accuracy: [...]}`, one value per epoch. */
export type HistoryLike = Readonly<Record<string, readonly (number | null)[]>>;

const COLORS = { train: '#2563eb', validation: '#ea580c', bad: '#dc2626', axis: '#334155', grid: '#e2e8f0', text: '#334155' };
const CHART = { width: 440, height: 270 };
const PLOT = { left: 64, right: 18, top: 44, bottom: 46 };
const MARGIN = 16;
const FONT = 11;

interface Series {
  label: 'train' | 'validation';
  values: readonly (number | null)[];
}

/** The quantities of a history in Keras's order (loss first), each with its training and validation series. */
function quantities(history: HistoryLike): { name: string; series: Series[] }[] {
  const names: string[] = [];
  for (const key of Object.keys(history)) {
    const name = key.startsWith('val_') ? key.slice(4) : key;
    if (!names.includes(name)) names.push(name);
  }
  names.sort((a, b) => (a === 'loss' ? -1 : b === 'loss' ? 1 : 0));
  return names.map((name) => ({
    name,
    series: [
      ...(history[name] ? [{ label: 'train' as const, values: history[name] }] : []),
      ...(history[`val_${name}`] ? [{ label: 'validation' as const, values: history[`val_${name}`] }] : []),
    ],
  }));
}

const finite = (v: number | null): v is number => v !== null && Number.isFinite(v);

function chart(name: string, series: readonly Series[], x0: number, y0: number): string[] {
  const out: string[] = [];
  const epochs = Math.max(0, ...series.map((s) => s.values.length));
  const values = series.flatMap((s) => s.values.filter(finite));
  const plot = { x: x0 + PLOT.left, y: y0 + PLOT.top, w: CHART.width - PLOT.left - PLOT.right, h: CHART.height - PLOT.top - PLOT.bottom };
  out.push(`<g class="chart" data-quantity="${escapeXml(name)}">`);
  out.push(`<text x="${num(x0 + PLOT.left)}" y="${num(y0 + 18)}" font-size="14" font-weight="bold" fill="${COLORS.text}">${escapeXml(name)}</text>`);

  // Legend, top right: one entry per series drawn, plus the not-finite mark when there is one.
  const entries: { text: string; svg: (x: number, y: number) => string }[] = series.map((s) => ({
    text: s.label,
    svg: (x, y) => `<line x1="${num(x)}" y1="${num(y)}" x2="${num(x + 18)}" y2="${num(y)}" stroke="${COLORS[s.label]}" stroke-width="2"${s.label === 'validation' ? ' stroke-dasharray="5 3"' : ''}/>`,
  }));
  if (series.some((s) => s.values.some((v) => !finite(v)))) entries.push({ text: 'NaN/inf', svg: (x, y) => cross(x + 9, y) });
  let lx = x0 + CHART.width - PLOT.right;
  for (const entry of [...entries].reverse()) {
    lx -= entry.text.length * FONT * MONO_ADVANCE + 26;
    out.push(entry.svg(lx, y0 + 31), `<text x="${num(lx + 22)}" y="${num(y0 + 35)}" font-size="${FONT}" fill="${COLORS.text}">${escapeXml(entry.text)}</text>`);
  }

  if (epochs === 0 || values.length === 0) {
    out.push(`<rect x="${num(plot.x)}" y="${num(plot.y)}" width="${num(plot.w)}" height="${num(plot.h)}" fill="none" stroke="${COLORS.grid}"/>`);
    out.push(`<text x="${num(plot.x + plot.w / 2)}" y="${num(plot.y + plot.h / 2)}" font-size="${FONT}" fill="${COLORS.text}" text-anchor="middle">${epochs === 0 ? 'no epochs yet' : 'no finite values'}</text>`, '</g>');
    return out;
  }

  // Accuracies are fractions, read on a linear axis however small they start.
  const scale = valueScale(values, !/acc/i.test(name));
  const xMax = Math.max(2, epochs);
  const px = (epoch: number) => plot.x + ((epoch - 1) / (xMax - 1)) * plot.w;
  const py = (v: number) => plot.y + plot.h - scale.position(v) * plot.h;

  for (const tick of scale.ticks) {
    const y = py(tick.value);
    out.push(`<line x1="${num(plot.x)}" y1="${num(y)}" x2="${num(plot.x + plot.w)}" y2="${num(y)}" stroke="${COLORS.grid}"/>`);
    out.push(`<text x="${num(plot.x - 6)}" y="${num(y + 4)}" font-size="${FONT}" fill="${COLORS.text}" text-anchor="end">${escapeXml(tick.label)}</text>`);
  }
  for (const e of epochTicks(epochs)) {
    const x = px(e);
    out.push(`<line x1="${num(x)}" y1="${num(plot.y + plot.h)}" x2="${num(x)}" y2="${num(plot.y + plot.h + 5)}" stroke="${COLORS.axis}"/>`);
    out.push(`<text x="${num(x)}" y="${num(plot.y + plot.h + 18)}" font-size="${FONT}" fill="${COLORS.text}" text-anchor="middle">${e}</text>`);
  }
  out.push(`<path d="M${num(plot.x)},${num(plot.y)} V${num(plot.y + plot.h)} H${num(plot.x + plot.w)}" fill="none" stroke="${COLORS.axis}"/>`);
  out.push(`<text x="${num(plot.x + plot.w / 2)}" y="${num(y0 + CHART.height - 8)}" font-size="${FONT}" fill="${COLORS.text}" text-anchor="middle">epoch</text>`);
  const ly = plot.y + plot.h / 2;
  out.push(`<text x="${num(x0 + 14)}" y="${num(ly)}" font-size="${FONT}" fill="${COLORS.text}" text-anchor="middle" transform="rotate(-90 ${num(x0 + 14)} ${num(ly)})">${escapeXml(scale.log ? `${name} (log scale)` : name)}</text>`);

  for (const s of series) {
    const color = COLORS[s.label];
    const dash = s.label === 'validation' ? ' stroke-dasharray="6 4"' : '';
    // Runs of finite values are drawn as lines; a gap where a value is not finite.
    let run: string[] = [];
    const flush = () => {
      if (run.length > 1) out.push(`<polyline class="${s.label}" points="${run.join(' ')}" fill="none" stroke="${color}" stroke-width="2"${dash} stroke-linejoin="round"/>`);
      run = [];
    };
    s.values.forEach((v, i) => {
      if (!finite(v)) {
        flush();
        out.push(cross(px(i + 1), plot.y + 6));
        return;
      }
      run.push(`${num(px(i + 1))},${num(py(v))}`);
      // Points are marked while they are few enough to tell apart (and a lone point always).
      const alone = !finite(s.values[i - 1] ?? null) && !finite(s.values[i + 1] ?? null);
      if (epochs <= 60 || alone) out.push(`<circle cx="${num(px(i + 1))}" cy="${num(py(v))}" r="2.5" fill="${color}"/>`);
    });
    flush();
  }
  out.push('</g>');
  return out;
}

const cross = (x: number, y: number) => `<path d="M${num(x - 4)},${num(y - 4)} L${num(x + 4)},${num(y + 4)} M${num(x - 4)},${num(y + 4)} L${num(x + 4)},${num(y - 4)}" stroke="${COLORS.bad}" stroke-width="2"/>`;

export function curvesSvg(history: HistoryLike): string {
  const charts = quantities(history);
  if (charts.length === 0) charts.push({ name: 'loss', series: [] });
  const columns = charts.length > 1 ? 2 : 1;
  const rows = Math.ceil(charts.length / columns);
  const body = charts.flatMap((c, k) => chart(c.name, c.series, MARGIN + (k % columns) * CHART.width, MARGIN + Math.floor(k / columns) * CHART.height));
  return svgDocument(2 * MARGIN + columns * CHART.width, 2 * MARGIN + rows * CHART.height, 'training curves', body);
}
