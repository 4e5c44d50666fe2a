// Whole jobs side by side (issue 9), each a process of its own, timed from spawn to exit: the
// reference CNN (models/cnn.yaml) predicting 2 048 samples and training 2 epochs over 1 024
// (batch 64, adam), by layerspec (kernels on every core, and on one: --workers 1), by the same
// model hand-written in tfjs on the same backend (bench/handwritten-job.mjs), and by PyTorch when
// `import torch` works (bench/torch_reference.py; never a dependency). Plus start-up: `--help`,
// `check`, and merely loading tfjs. The machine may be shared: the runs alternate (A B C D A B ...)
// and the table gives medians, with the spread. Run after `npm run build`:
//   node bench/jobs.mjs            RUNS=7 node bench/jobs.mjs
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const runs = Number(process.env.RUNS ?? 5);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-bench-jobs-'));
const file = (name) => path.join(tmp, name);
const { writeNpy } = await import(path.join(root, 'dist/io/npy-write.js'));

// Data: uniform pixels, one-hot labels (deterministic).
const uniform = (n, seed) => Float32Array.from({ length: n }, (_, k) => (Math.sin((k + seed) * 12.9898) * 43758.5453) % 1 * 0.5 + 0.5);
await writeNpy(file('x2048.npy'), { data: uniform(2048 * 3072, 1), shape: [2048, 32, 32, 3] });
await writeNpy(file('x1024.npy'), { data: uniform(1024 * 3072, 2), shape: [1024, 32, 32, 3] });
await writeNpy(file('y1024.npy'), { data: Float32Array.from({ length: 10240 }, (_, k) => (k % 10 === (k * 7919) % 10 ? 1 : 0)), shape: [1024, 10] });

/** The Python that has torch: Debian's /usr/bin/python3 first (a pyenv python3 on PATH may not see it). */
const python = ['/usr/bin/python3', 'python3'].find((py) => spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
const node = process.execPath;
const cli = path.join(root, 'bin/layerspec.js');
const layerspec = (...args) => [node, cli, ...args];
const predictArgs = ['predict', 'models/cnn.yaml', '--input', file('x2048.npy'), '--output', file('p.npy'), '--batch-size', '64', '--seed', '1', '-q'];
const trainArgs = (out) => ['train', 'models/cnn.yaml', '--x', file('x1024.npy'), '--y', file('y1024.npy'), '--epochs', '2', '--batch-size', '64', '--validation-split', '0', '--seed', '1', '-q', '--out', file(out)];
const handwritten = (...args) => [node, path.join(root, 'bench/handwritten-job.mjs'), ...args];
const torch = (...args) => (python ? [python, path.join(root, 'bench/torch_reference.py'), ...args] : undefined);

const rows = [
  {
    job: 'predict 2 048 samples (batch 64)',
    layerspec: layerspec(...predictArgs),
    oneThread: layerspec(...predictArgs, '--workers', '1'),
    tfjs: handwritten('predict', file('x2048.npy'), file('hp.npy'), '64'),
    torch: torch('predict', file('x2048.npy'), file('tp.npy')),
  },
  {
    job: 'train 2 epochs x 1 024 samples (batch 64, adam)',
    layerspec: layerspec(...trainArgs('run')),
    oneThread: layerspec(...trainArgs('run1'), '--workers', '1'),
    tfjs: handwritten('train', file('x1024.npy'), file('y1024.npy'), file('hrun'), '2', '64'),
    torch: torch('train', file('x1024.npy'), file('y1024.npy'), file('trun'), '--epochs', '2'),
  },
  { job: '`layerspec --help`', layerspec: layerspec('--help') },
  { job: '`layerspec check models/cnn.yaml`', layerspec: layerspec('check', 'models/cnn.yaml') },
  { job: 'loading tfjs alone (`require("@tensorflow/tfjs")`)', layerspec: [node, '-e', 'require("@tensorflow/tfjs")'] },
];
const columns = ['layerspec', 'oneThread', 'tfjs', 'torch'];

function time(command) {
  const start = performance.now();
  const result = spawnSync(command[0], command.slice(1), { cwd: root, encoding: 'utf8' });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`${command.join(' ')} failed (${result.status}):\n${result.stderr}`);
  return ms;
}

const times = new Map();
for (let r = 0; r < runs; r++) {
  for (const row of rows) {
    for (const column of columns) {
      if (!row[column]) continue;
      const key = `${row.job}|${column}`;
      times.set(key, [...(times.get(key) ?? []), time(row[column])]);
    }
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (ms) => (ms / 1000).toFixed(2);
const cell = (xs) => (xs ? `${seconds(median(xs))} s (${seconds(Math.min(...xs))}–${seconds(Math.max(...xs))})` : '—');
const ratio = (a, b) => (a && b ? `${(median(a) / median(b)).toFixed(2)}x` : '—');
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(`Whole jobs, wall clock per process: median (min–max) of ${runs} alternating runs; ${os.cpus().length} × ${cpu}, Node ${process.version}${python ? `, PyTorch via ${python}` : ', PyTorch not found: skipped'}; load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log('');
console.log('| job | layerspec | layerspec --workers 1 | hand-written tfjs | PyTorch | layerspec / tfjs | layerspec / PyTorch |');
console.log('|---|---|---|---|---|---|---|');
for (const row of rows) {
  const t = (column) => times.get(`${row.job}|${column}`);
  console.log(`| ${row.job} | ${cell(t('layerspec'))} | ${cell(t('oneThread'))} | ${cell(t('tfjs'))} | ${cell(t('torch'))} | ${ratio(t('layerspec'), t('tfjs'))} | ${ratio(t('layerspec'), t('torch'))} |`);
}
fs.rmSync(tmp, { recursive: true, force: true });
