import fs from 'node:fs';
import { analyzeSource } from '../../src/analyze.js';
import { graphModel, type GraphModel } from '../../src/render/graph-model.js';

/** The graph of a model file, as `layerspec graph` builds it. */
export function graphOf(file: string): GraphModel {
  const model = graphModel(analyzeSource(fs.readFileSync(file), file));
  if (!model) throw new Error(`${file} does not parse`);
  return model;
}

/** Text content of every <text> element of an SVG (or of a DOM Chromium dumped), entities decoded. */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)].map((m) =>
    m[1]
      .replace(/<[^>]*>/g, '')
      .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
      .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&'),
  );
}
