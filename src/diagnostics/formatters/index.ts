import { github } from './github.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';
import type { Formatter } from './types.js';

/** Formatters by the name given to `check --format`. */
export const FORMATTERS: Readonly<Record<string, Formatter>> = { stylish, json, github, sarif, junit };

export type { FileResult, FormatOptions, Formatter } from './types.js';
