// The command line is shipped as one minified CommonJS bundle (plus lazily loaded chunks): a cold
// `layerspec check` then compiles a few files instead of resolving hundreds, and bin/layerspec.js
// runs them with V8's code cache (src/cli/cached-bundle.ts says why CommonJS). TensorFlow.js, ink
// and react stay external and load only when needed; the ink components (dist/ui) stay ES modules,
// loaded with import(), because ink is an ES module with top-level await.
// The worker threads (--workers: the kernel helper and the training replica) are ES module entries of
// their own: src/runtime/parallel/kernel-helper.ts and replica.ts start them from the files next to
// themselves, helper-thread.js and replica-thread.js. The loader itself (cached-bundle.cjs) is
// CommonJS too, so that bin/layerspec.js starts without Node's ES module loader.
import { defineConfig } from 'rolldown';

const tfjs = /^@tensorflow\//;
const inkComponents = /[\\/]dist[\\/]ui[\\/](SummaryTable|TrainProgress|render-static)\.js$/;

export default defineConfig([
  {
    input: { cli: 'dist/cli/main.js' },
    platform: 'node',
    external: (id) => tfjs.test(id) || id === 'ink' || id === 'react' || id.startsWith('react/') || id.startsWith('elkjs/') || inkComponents.test(id),
    output: { dir: 'dist/bundle', cleanDir: true, format: 'cjs', minify: true, entryFileNames: '[name].cjs', chunkFileNames: '[name]-[hash].cjs' },
  },
  {
    input: { 'cached-bundle': 'dist/cli/cached-bundle.js' },
    platform: 'node',
    output: { dir: 'dist/bundle', format: 'cjs', entryFileNames: '[name].cjs' },
  },
  {
    input: { 'helper-thread': 'dist/runtime/parallel/helper-thread.js', 'replica-thread': 'dist/runtime/parallel/replica-thread.js' },
    platform: 'node',
    external: [tfjs],
    output: { dir: 'dist/bundle', format: 'esm', minify: true, entryFileNames: '[name].js', chunkFileNames: 'thread-[name]-[hash].js' },
  },
]);
