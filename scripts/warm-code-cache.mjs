// Makes the V8 code caches (run by `npm run build`, after rolldown): runs the commands whose
// start-up matters — --help, check, summary, layers, and a tiny train and predict of the reference
// CNN — in this process, then stores the compiled code of each CLI chunk loaded next to it
// (src/cli/cached-bundle.ts) and of tfjs's bundles in dist/tfjs-cache (src/runtime/tfjs-loader.ts).
// The caches only make start-up faster: if making them fails, the build says so and goes on without.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import os from 'node:os';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bundleDir = path.join(root, 'dist', 'bundle');
const { CachedBundle, cacheFileOf } = createRequire(import.meta.url)(path.join(bundleDir, 'cached-bundle.cjs'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-warm-'));
try {
  const { writeNpy } = await import(path.join(root, 'dist', 'io', 'npy-write.js'));
  const file = (name) => path.join(tmp, name);
  await writeNpy(file('x.npy'), { data: Float32Array.from({ length: 8 * 3072 }, (_, k) => (k % 7) / 7), shape: [8, 32, 32, 3] });
  await writeNpy(file('y.npy'), { data: Float32Array.from({ length: 80 }, (_, k) => (k % 11 === 0 ? 1 : 0)), shape: [8, 10] });
  const recorded = [];
  globalThis[Symbol.for('layerspec.tfjsCodeCache')] = recorded;
  const bundle = new CachedBundle(false);
  const { main } = bundle.require(path.join(bundleDir, 'cli.cjs'));
  const silent = { write: () => true };
  const io = { stdout: silent, stderr: silent, env: { NO_COLOR: '1' }, cwd: root };
  for (const argv of [
    ['--help'],
    ['check', 'models'],
    ['check', 'models/invalid', '--format', 'json'],
    ['summary', 'models/cnn.yaml', '--json'],
    ['layers', 'Dense'],
    ['train', 'models/cnn.yaml', '--x', file('x.npy'), '--y', file('y.npy'), '--epochs', '1', '--batch-size', '4', '--validation-split', '0', '--seed', '1', '-q', '--out', file('run')],
    ['predict', 'models/cnn.yaml', '--input', file('x.npy'), '--weights', file('run'), '--output', file('p.npy'), '-q'],
  ]) {
    const code = await main(['node', 'layerspec', ...argv], io);
    if (argv[0] === 'train' || argv[0] === 'predict') if (code !== 0) throw new Error(`the warm-up ${argv[0]} exited ${code}`);
  }
  const { writeTfjsCodeCaches } = await import(path.join(root, 'dist', 'runtime', 'tfjs-loader.js'));
  console.log(`code cache: ${bundle.writeCaches()} chunks, ${writeTfjsCodeCaches(recorded)} tfjs bundles`);
} catch (error) {
  // No half-made cache is left: each file is whole or absent (written by rename), but start from none.
  for (const name of fs.readdirSync(bundleDir)) if (name.endsWith('.cjs')) fs.rmSync(cacheFileOf(path.join(bundleDir, name)), { force: true });
  fs.rmSync(path.join(root, 'dist', 'tfjs-cache'), { recursive: true, force: true });
  console.warn(`code cache not made (start-up will be slower): ${error instanceof Error ? error.message : String(error)}`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
