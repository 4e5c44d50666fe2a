/**
 * zod, configured once for the whole program: every schema module imports `z` from here, so the
 * setting is in place before any schema is built. `jitless`: zod would otherwise compile object
 * parsers with `new Function` — slower for a one-shot CLI, and no code is generated on any path.
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
