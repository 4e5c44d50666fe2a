// Benchmarks for `check` (issue 2). Run after `npm run build`:  node bench/check.mjs
// 1. `layerspec check` of a 100-layer model as a whole process vs. merely loading TensorFlow.js.
// 2. In-process analysis of a chain of N Dense layers, N = 2 500 ... 20 000 (should grow linearly).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bin = path.join(root, 'bin', 'layerspec.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-bench-'));

export function chainModel(n) {
  const lines = ['layerspec: 1', 'name: chain', 'inputs:', '  x: { shape: [16] }', 'layers:'];
  let prev = 'x';
  for (let i = 0; i < n; i++) {
    const name = `l${i}`;
    const type = i % 3 === 0 ? `{ type: Dense, input: ${prev}, units: 16, activation: relu }`
      : i % 3 === 1 ? `{ type: Dropout, input: ${prev}, rate: 0.1 }`
        : `{ type: Dense, input: ${prev}, units: 16 }`;
    lines.push(`  ${name}: ${type}`);
    prev = name;
  }
  lines.push(`outputs: [${prev}]`, '');
  return lines.join('\n');
}

function timeProcess(args, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    try {
      execFileSync(process.execPath, args, { stdio: 'pipe', cwd: root });
    } catch (e) {
      if (e.status !== 0 && e.status !== 1) throw e;
    }
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const runs = Number(process.env.RUNS ?? 15);
const model100 = path.join(tmp, 'model100.yaml');
fs.writeFileSync(model100, chainModel(100));
const node = timeProcess(['-e', '0'], runs);
const help = timeProcess([bin, '--help'], runs);
const check = timeProcess([bin, 'check', model100], runs);
const tfjs = timeProcess(['-e', "require('@tensorflow/tfjs')"], runs);
console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
console.log(`median of ${runs} runs (whole process):`);
console.log(`  node -e 0                            ${node.toFixed(0).padStart(5)} ms`);
console.log(`  layerspec --help                     ${help.toFixed(0).padStart(5)} ms`);
console.log(`  layerspec check (100 layers)         ${check.toFixed(0).padStart(5)} ms`);
console.log(`  node -e "require('@tensorflow/tfjs')" ${tfjs.toFixed(0).padStart(5)} ms`);

const { analyzeSource } = await import(path.join(root, 'dist', 'analyze.js'));
analyzeSource(chainModel(200), 'warmup.yaml');
console.log('in-process analysis of an N-layer chain (parse + schema + graph + shapes):');
let base;
for (const n of [2500, 5000, 10000, 20000]) {
  const text = chainModel(n);
  const t0 = performance.now();
  const result = analyzeSource(text, 'chain.yaml');
  const ms = performance.now() - t0;
  if (result.diagnostics.length > 0) throw new Error(`unexpected diagnostics: ${result.diagnostics[0].message}`);
  base ??= ms / n;
  console.log(`  N=${String(n).padStart(5)}  ${ms.toFixed(0).padStart(6)} ms  (${((ms / n) * 1000).toFixed(1)} µs/layer, x${(ms / n / base).toFixed(2)} of N=2500 per layer)`);
}

// 500 model files in one process (a CI job over a repository of models), each of the shipped
// examples copied round-robin, in every output format.
const examples = fs.readdirSync(path.join(root, 'models')).filter((f) => f.endsWith('.yaml'));
const many = path.join(tmp, 'many');
fs.mkdirSync(many);
for (let i = 0; i < 500; i++) fs.copyFileSync(path.join(root, 'models', examples[i % examples.length]), path.join(many, `model-${i}.yaml`));
console.log(`layerspec check of 500 model files (the ${examples.length} examples repeated), whole process, median of 3:`);
for (const format of ['stylish', 'github', 'sarif', 'junit']) {
  console.log(`  --format ${format.padEnd(8)} ${(timeProcess([bin, 'check', many, '--format', format], 3) / 1000).toFixed(2)} s`);
}
fs.rmSync(tmp, { recursive: true, force: true });
