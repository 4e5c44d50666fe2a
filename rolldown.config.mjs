// The command line is shipped as one minified ES module (plus lazily loaded chunks): a cold
// `layerspec check` then compiles one file instead of resolving hundreds, which halves its
// start-up time. TensorFlow.js, ink and react stay external and are loaded only when needed.
// The kernel helper thread (--workers) is an entry of its own: src/runtime/parallel/kernel-helper.ts
// starts it from the file next to itself, helper-thread.js.
import { defineConfig } from 'rolldown';

export default defineConfig({
  input: { cli: 'dist/cli/main.js', 'helper-thread': 'dist/runtime/parallel/helper-thread.js' },
  platform: 'node',
  external: [/^@tensorflow\//, 'ink', 'react', /^react\//],
  output: { dir: 'dist/bundle', cleanDir: true, format: 'esm', minify: true, entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
});
