// Makes the V8 code cache of the CLI bundle (run by `npm run build`, after rolldown): runs the
// commands whose start-up matters — --help, check, summary, layers — in this process, then stores
// each loaded chunk's compiled code next to it (src/cli/cached-bundle.ts). The cache only makes
// start-up faster: if making it fails, the build says so and goes on without it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bundleDir = path.join(root, 'dist', 'bundle');
const { CachedBundle, cacheFileOf } = createRequire(import.meta.url)(path.join(bundleDir, 'cached-bundle.cjs'));
try {
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
  ]) await main(['node', 'layerspec', ...argv], io);
  console.log(`code cache: ${bundle.writeCaches()} chunks`);
} catch (error) {
  // No half-made cache is left: each file is whole or absent (written by rename), but start from none.
  for (const name of fs.readdirSync(bundleDir)) if (name.endsWith('.cjs')) fs.rmSync(cacheFileOf(path.join(bundleDir, name)), { force: true });
  console.warn(`code cache not made (start-up will be slower): ${error instanceof Error ? error.message : String(error)}`);
}
