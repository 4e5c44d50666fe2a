import { render } from 'ink';
import type { ReactElement } from 'react';
import { PassThrough } from 'node:stream';

/** Renders an ink element once and returns the frame (colours kept), for output that does not change. */
export async function renderStatic(element: ReactElement, columns = 120): Promise<string> {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream;
  let frame = '';
  Object.assign(stream, { columns: Math.max(columns, 200), isTTY: true });
  (stream as unknown as PassThrough).on('data', (chunk: Buffer) => {
    frame = chunk.toString();
  });
  const app = render(element, { stdout: stream, patchConsole: false, exitOnCtrlC: false, debug: true });
  app.unmount();
  await app.waitUntilExit();
  return frame.endsWith('\n') ? frame : `${frame}\n`;
}
