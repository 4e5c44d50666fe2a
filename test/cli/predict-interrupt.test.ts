/**
 * Ctrl-C (SIGINT) or a kill (SIGTERM) while predict streams its output: exit 2, a message, and
 * neither the output nor the temporary file it was being written to is left behind.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { writeNpy } from '../../src/io/npy-write.js';
import { BIN } from './run-cli.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-predict-interrupt-'));
const at = (name: string) => path.join(tmp, name);
const MODEL = `layerspec: 1
name: wide
inputs:
  x: { shape: [4] }
layers:
  h: { type: Dense, input: x, units: 256 }
  y: { type: Dense, input: h, units: 64 }
outputs: [y]
`;

beforeAll(async () => {
  fs.writeFileSync(at('m.yaml'), MODEL);
  // Enough rows that the run takes seconds on the cpu backend, batch by batch.
  await writeNpy(at('x.npy'), { data: new Float32Array(1_000_000 * 4), shape: [1_000_000, 4] });
});

it.each([
  ['SIGINT', 'out.npy'],
  ['SIGTERM', 'out.npz'],
] as const)('%s while writing %s: exit 2, nothing left behind', async (signal, output) => {
  const child = spawn(process.execPath, [BIN, 'predict', 'm.yaml', '--input', 'x.npy', '--output', output, '--backend', 'cpu', '--batch-size', '64'], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const temporary = () => fs.readdirSync(tmp).filter((f) => f.endsWith('.tmp'));
  // .npy streams into its temporary file from the first batch; .npz is written at the end, so wait a moment.
  const deadline = Date.now() + 30000;
  if (output.endsWith('.npy')) while (temporary().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  else await new Promise((r) => setTimeout(r, 1500));
  child.kill(signal);
  const code = await exited;
  expect(code, stderr).toBe(2);
  expect(stderr).toContain(`layerspec: interrupted; ${output} was not written`);
  expect(stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(temporary()).toEqual([]);
  expect(fs.existsSync(at(output))).toBe(false);
}, 60000);
