#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/bundle/cli.cjs (bundled from src/ by `npm run build`) and is
// run with V8's code cache, which makes a cold `check` about a quarter faster (src/cli/cached-bundle.ts).
// CommonJS (bin/package.json), like the bundle: starting Node's ES module loader costs ~15 ms.
'use strict';
const path = require('node:path');
const { CachedBundle } = require('../dist/bundle/cached-bundle.cjs');

const { main } = new CachedBundle().require(path.join(__dirname, '..', 'dist', 'bundle', 'cli.cjs'));
main(process.argv).then((code) => {
  process.exitCode = code;
});
