/**
 * The catalogues run in-process through main(); this checks that doing so is faithful: a sample of
 * cases from every category, run both in-process and as the real bin in a child process, gives
 * the same exit code and the same output (paths of the case's own directory aside).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { budgetCases } from './catalogue-budgets.js';
import { cliCases } from './catalogue-cli.js';
import { dataCases } from './catalogue-data.js';
import { exprCases } from './catalogue-expr.js';
import { graphCases } from './catalogue-graph.js';
import { schemaCases } from './catalogue-schema.js';
import { weightsCases } from './catalogue-weights.js';
import { yamlCases } from './catalogue-yaml.js';
import { prepareCase, runCase, type HostileCase } from './harness.js';

const CATEGORIES: Record<string, readonly HostileCase[]> = { yaml: yamlCases, schema: schemaCases, graph: graphCases, expr: exprCases, data: dataCases, cli: cliCases, weights: weightsCases, budgets: budgetCases };

/** Two quick refusals per category, spread over the list (no case that trains first: runFirst). */
function sample(cases: readonly HostileCase[]): HostileCase[] {
  const quick = cases.filter((c) => c.exit !== 0 && !c.spawn && !c.runFirst);
  return [quick[0], quick[Math.floor(quick.length / 2)]].filter(Boolean);
}

describe('in-process runs are faithful to the real bin', () => {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-faithful-'));
  afterAll(() => fs.rmSync(parent, { recursive: true, force: true }));
  const samples = Object.entries(CATEGORIES).flatMap(([category, cases]) => sample(cases).map((c) => [`${category}: ${c.name}`, c] as const));

  it.each(samples)('%s', async (_name, c) => {
    const inProcessDir = await prepareCase(c, parent);
    const spawnedDir = await prepareCase(c, parent);
    const inProcess = await runCase(c, inProcessDir);
    const spawned = await runCase({ ...c, spawn: true }, spawnedDir);
    const text = (r: { stdout: string; stderr: string; dir: string }) => `${r.stderr}\n--\n${r.stdout}`.split(r.dir).join('<dir>');
    expect(spawned.code).toBe(inProcess.code);
    expect(text(spawned)).toBe(text(inProcess));
  }, 60000);
});
