/**
 * The SVG drawings as a browser shows them: headless Chromium parses each file (a malformed one
 * shows a parse error), keeps every label as text, and paints something that is not blank, in red
 * where the model is broken. Chromium is installed by .ci/run; in CI (CI=true) its absence fails.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { curvesSvg } from '../../src/render/curves.js';
import { nodeLabel } from '../../src/render/labels.js';
import { renderGraph } from '../../src/render/render-graph.js';
import { dumpDom, findChromium, screenshot } from '../support/chromium.js';
import { decodePng, pixelStats, type Image } from '../support/png.js';
import { graphOf, svgTexts } from '../support/render-graph.js';

const chromium = findChromium();
const inCi = process.env.CI === 'true';
if (!chromium && !inCi) console.warn('test/render/chromium.test.ts skipped: no chromium on PATH (apt-get install chromium); CI=true makes this a failure');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-render-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const MODELS = ['models/cnn.yaml', 'models/attention-block.yaml', 'models/pam.yaml', 'models/text-classifier.yaml', 'models/slice-concat.yaml'];
const BROKEN = ['models/invalid/add-different-shapes.yaml', 'models/invalid/undefined-reference.yaml', 'test/fixtures/graph/hostile.yaml'];

const svgSize = (svg: string) => {
  const m = /<svg[^>]* width="([\d.]+)" height="([\d.]+)"/.exec(svg)!;
  return { width: Math.ceil(Number(m[1])), height: Math.ceil(Number(m[2])) };
};

/** Count of pixels near a colour. */
function near(image: Image, [r, g, b]: [number, number, number], tolerance = 40): number {
  let n = 0;
  for (let i = 0; i < image.pixels.length; i += 4) {
    if (Math.abs(image.pixels[i] - r) + Math.abs(image.pixels[i + 1] - g) + Math.abs(image.pixels[i + 2] - b) < tolerance) n++;
  }
  return n;
}

function render(name: string, svg: string): { dom: string; image: Image } {
  const file = path.join(tmp, `${name}.svg`);
  fs.writeFileSync(file, svg);
  const dom = dumpDom(chromium!, file);
  const { width, height } = svgSize(svg);
  const image = decodePng(screenshot(chromium!, file, path.join(tmp, `${name}.png`), Math.min(width, 4000), Math.min(height, 8000)));
  return { dom, image };
}

describe.skipIf(!chromium && !inCi)('SVG in headless Chromium', () => {
  it('chromium is installed (CI requires it)', () => {
    expect(chromium, 'chromium is not on PATH: .ci/run installs it (apt-get install chromium)').toBeTruthy();
  });

  it.each([...MODELS, ...BROKEN])('%s: parses, keeps every label, paints the graph (red only where broken)', async (file) => {
    const model = graphOf(file);
    const svg = await renderGraph(model, 'svg');
    const { dom, image } = render(path.basename(file, '.yaml'), svg);
    expect(dom).not.toContain('parsererror');
    const texts = new Set(svgTexts(dom));
    for (const node of model.nodes) {
      for (const line of nodeLabel(node)) expect(texts, `${file}: label line ${JSON.stringify(line.text)} of ${node.name}`).toContain(line.text);
    }
    const stats = pixelStats(image);
    expect(image.width).toBeGreaterThan(100);
    expect(stats.ink / stats.total, 'not blank').toBeGreaterThan(0.02);
    const broken = model.nodes.some((n) => n.status === 'error');
    if (broken) expect(stats.red, 'error boxes in red').toBeGreaterThan(200);
    else expect(stats.red, 'no red in a valid model').toBe(0);
  }, 120000);

  it('fits every label inside its box as Chromium lays the text out (the box sizes are estimates)', async () => {
    const files = [...MODELS, ...BROKEN];
    const figures = await Promise.all(files.map(async (file) => `<div data-file="${file}">${(await renderGraph(graphOf(file), 'svg')).replace(/^<\?xml[^>]*>/, '')}</div>`));
    const page = path.join(tmp, 'fit.html');
    fs.writeFileSync(
      page,
      `<!doctype html><html><head><meta charset="utf-8"></head><body>${figures.join('\n')}<pre id="result"></pre><script>
const overflows = [];
let checked = 0;
for (const g of document.querySelectorAll('g.node')) {
  const box = g.querySelector('rect').getBBox();
  for (const t of g.querySelectorAll('text')) {
    const b = t.getBBox();
    checked++;
    if (b.x < box.x || b.x + b.width > box.x + box.width || b.y < box.y || b.y + b.height > box.y + box.height + 2) {
      overflows.push({ file: g.closest('div').dataset.file, text: t.textContent, box: [box.x, box.width], bbox: [b.x, b.width] });
    }
  }
}
document.getElementById('result').textContent = JSON.stringify({ checked, overflows });
</script></body></html>`,
    );
    const dom = dumpDom(chromium!, page);
    const result = JSON.parse(/<pre id="result">([^<]*)<\/pre>/.exec(dom)![1].replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
    expect(result.checked).toBeGreaterThan(100);
    expect(result.overflows).toEqual([]);
  }, 120000);

  it('draws training curves: both series, axes and legend', () => {
    const history = { loss: [1, 0.6, 0.4, 0.3, 0.25], accuracy: [0.3, 0.5, 0.7, 0.8, 0.85], val_loss: [1.1, 0.7, 0.5, null, 0.4], val_accuracy: [0.25, 0.45, 0.6, 0.7, 0.75] };
    const svg = curvesSvg(history);
    const { dom, image } = render('curves', svg);
    expect(dom).not.toContain('parsererror');
    const texts = svgTexts(dom);
    for (const t of ['loss', 'accuracy', 'epoch', 'train', 'validation', 'NaN/inf']) expect(texts).toContain(t);
    expect(near(image, [0x25, 0x63, 0xeb]), 'training line (blue)').toBeGreaterThan(100);
    expect(near(image, [0xea, 0x58, 0x0c]), 'validation line (orange)').toBeGreaterThan(100);
    expect(pixelStats(image).red, 'the null value is marked').toBeGreaterThan(5);
  }, 60000);
});
