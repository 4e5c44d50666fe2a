import type { GraphModel } from '../../src/render/graph-model.js';

/** Text with every character some format treats as syntax: quotes, markup, entities, braces, escapes, pipes, newlines. */
export const HOSTILE = 'q"uo\'te <b>tag</b> & &amp; {brace} [sq] (par) \\back\\N\\l\\ | #35; `tick` %% ;\nnext line';

/** A three-node graph whose names, type and messages are all HOSTILE. */
export function hostileGraph(): GraphModel {
  return {
    name: HOSTILE,
    totalParams: 12,
    problems: [{ severity: 'error', message: HOSTILE }],
    nodes: [
      { id: 'n0', kind: 'input', name: `${HOSTILE}-in`, type: 'Input', shape: [null, 4], params: 0, isOutput: false, status: 'ok', problems: [] },
      { id: 'n1', kind: 'layer', name: `${HOSTILE}-mid`, type: HOSTILE, isOutput: false, status: 'error', problems: [{ severity: 'error', message: HOSTILE }] },
      { id: 'n2', kind: 'layer', name: `${HOSTILE}-out`, type: 'Dense', shape: [null, 3], params: 12, isOutput: true, status: 'ok', problems: [] },
    ],
    edges: [
      { id: 'e0', from: 'n0', to: 'n1', shape: [null, 4] },
      { id: 'e1', from: 'n1', to: 'n2' },
    ],
  };
}
