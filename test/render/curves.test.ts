import { describe, expect, it } from 'vitest';
import { curvesSvg } from '../../src/render/curves.js';
import { svgTexts } from '../support/render-graph.js';
import { xmlProblems } from '../support/xml-check.js';

const charts = (svg: string) => [...svg.matchAll(/<g class="chart" data-quantity="([^"]*)">([\s\S]*?)<\/g>/g)].map((m) => ({ name: m[1], body: m[2] }));
const polylines = (body: string) => [...body.matchAll(/<polyline class="(train|validation)" points="([^"]*)"/g)].map((m) => ({ series: m[1], points: m[2].split(' ').map((p) => p.split(',').map(Number)) }));

describe('curvesSvg', () => {
  const history = { loss: [1, 0.5, 0.25], accuracy: [0.5, 0.7, 0.9], val_loss: [1.2, 0.6, 0.4], val_accuracy: [0.4, 0.6, 0.8] };

  it('draws a chart per quantity, loss first, with train and validation lines, ticks, axis labels and a legend', () => {
    const svg = curvesSvg(history);
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).not.toMatch(/<script|<style|href=/);
    const [loss, accuracy] = charts(svg);
    expect(charts(svg).map((c) => c.name)).toEqual(['loss', 'accuracy']);
    for (const chart of [loss, accuracy]) {
      const texts = svgTexts(chart.body);
      expect(texts).toEqual(expect.arrayContaining([chart.name, 'epoch', 'train', 'validation', '1', '2', '3']));
      const lines = polylines(chart.body);
      expect(lines.map((l) => l.series)).toEqual(['train', 'validation']);
      expect(lines.every((l) => l.points.length === 3)).toBe(true);
      expect(chart.body).toMatch(/class="validation"[^>]*stroke-dasharray/);
    }
    // The loss falls, so its line goes down the page (SVG's y grows downwards), left to right.
    const train = polylines(loss.body)[0].points;
    expect(train[0][1]).toBeLessThan(train[2][1]);
    expect(train[0][0]).toBeLessThan(train[2][0]);
    expect(svgTexts(loss.body)).toEqual(expect.arrayContaining(['0.2', '0.6', '1.0', '1.2']));
  });

  it('breaks a line at a NaN, infinity or null and marks it; says when there is nothing to draw', () => {
    const svg = curvesSvg({ loss: [1, 0.8, Number.NaN, 0.5, 0.4], val_loss: [1, null, 0.7, Number.POSITIVE_INFINITY, 0.5] });
    const [loss] = charts(svg);
    expect(polylines(loss.body).map((l) => [l.series, l.points.length])).toEqual([['train', 2], ['train', 2]]);
    expect(svgTexts(loss.body)).toContain('NaN/inf');
    expect(svg).not.toMatch(/NaN(?!\/inf)|Infinity/);
    expect(svgTexts(curvesSvg({}))).toContain('no epochs yet');
    expect(svgTexts(curvesSvg({ loss: [Number.NaN] }))).toContain('no finite values');
    const one = curvesSvg({ loss: [0.5] });
    expect(one).toContain('<circle');
    expect(xmlProblems(one)).toEqual([]);
  });

  it('handles a validation-only quantity, constant values, huge and tiny numbers, and escapes names', () => {
    const svg = curvesSvg({ loss: [2, 2, 2], val_mse: [1e-7, 2e-7], 'a<b>&"': [1e9, 3e9] });
    expect(xmlProblems(svg)).toEqual([]);
    expect(charts(svg).map((c) => c.name)).toEqual(['loss', 'mse', 'a&lt;b&gt;&amp;&quot;']);
    expect(svgTexts(svg)).toContain('a<b>&"');
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('stays small for a long run (no point markers past 60 epochs)', () => {
    const long = { loss: Array.from({ length: 1000 }, (_, i) => 1 / (i + 1)) };
    const svg = curvesSvg(long);
    expect(svg).not.toContain('<circle');
    expect(svg.length).toBeLessThan(40000);
  });
});
