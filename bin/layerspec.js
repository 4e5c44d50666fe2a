#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/bundle/cli.js (bundled from src/ by `npm run build`).
import { main } from '../dist/bundle/cli.js';

process.exitCode = await main(process.argv);
