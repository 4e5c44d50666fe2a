import { join } from 'node:path';
import { writeFileAtomic } from '../io/npy-write.js';
import { curvesSvg } from '../render/curves.js';
import type { History } from './checkpoint.js';

export const CURVES_SVG = 'curves.svg';

/**
 * `train --out DIR` keeps DIR/curves.svg (the loss and metrics per epoch) up to date, rewritten
 * atomically after each epoch's checkpoint is committed, so a plot can never cost a checkpoint.
 *
 * A plot is a convenience: a failure to draw or write it never stops training. It is not hidden
 * either: it is reported (once per distinct message, not every epoch) through `warn`, which the
 * command prints whatever the verbosity. A disk that fails here fails the next checkpoint too,
 * and that error does end the run, as it always did.
 */
export function curvesWriter(dir: string, warn: (line: string) => void): (history: History) => Promise<void> {
  const path = join(dir, CURVES_SVG);
  const said = new Set<string>();
  const once = (line: string) => {
    if (!said.has(line)) warn(line);
    said.add(line);
  };
  return async (history) => {
    let svg: string;
    try {
      svg = curvesSvg(history);
    } catch (error) {
      once(`could not draw ${path}: ${(error as Error)?.message ?? String(error)} (training goes on; please report this)`);
      return;
    }
    try {
      await writeFileAtomic(path, new TextEncoder().encode(svg));
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      once(`cannot write ${path}: ${e.code ?? e.message} (training goes on; the checkpoint was written)`);
    }
  };
}
