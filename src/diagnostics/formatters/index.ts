import { json } from './json.js';
import { stylish } from './stylish.js';
import type { Formatter } from './types.js';

/** Formatters by the name given to `check --format`. */
export const FORMATTERS: Readonly<Record<string, Formatter>> = { json, stylish };

export type { FileResult, FormatOptions, Formatter } from './types.js';
