import { renderToString } from 'ink';
import type { ReactElement } from 'react';

/** Renders an ink element once to text (colours kept), for output that does not change. */
export function renderStatic(element: ReactElement, columns = 120): string {
  const frame = renderToString(element, { columns: Math.max(columns, 160) });
  return frame.endsWith('\n') ? frame : `${frame}\n`;
}
