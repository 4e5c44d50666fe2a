// Makes the V8 code cache of the CLI bundle (run by `npm run build`, after rolldown): runs the
// commands whose start-up matters — --help, check, summary, layers — in this process, then stores
// each loaded chunk's compiled code next to it (src/cli/cached-bundle.ts).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const { CachedBundle } = createRequire(import.meta.url)('../dist/bundle/cached-bundle.cjs');

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bundle = new CachedBundle(false);
const { main } = bundle.require(path.join(root, 'dist', 'bundle', 'cli.cjs'));
const silent = { write: () => true };
const io = { stdout: silent, stderr: silent, env: { NO_COLOR: '1' }, cwd: root };
for (const argv of [
  ['--help'],
  ['check', 'models'],
  ['check', 'models/invalid', '--format', 'json'],
  ['summary', 'models/cnn.yaml', '--json'],
  ['layers', 'Dense'],
]) await main(['node', 'layerspec', ...argv], io);
const chunks = bundle.writeCaches();
console.log(`code cache: ${chunks} chunks`);
