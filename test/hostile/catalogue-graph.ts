/** Graph mistakes and pathological graphs: cycles, self-loops, 20 000-layer chains, unreachable layers. */
import type { HostileCase } from './harness.js';
import { tinyData } from './inputs.js';

const header = 'layerspec: 1\nname: g\ninputs:\n  x: { shape: [4] }\nlayers:\n';
const dense = (name: string, input: string) => `  ${name}: { type: Dense, input: ${input}, units: 4 }\n`;

const check = (name: string, layers: string | (() => string), outputs: string, where: (string | RegExp)[], hint: RegExp, extra: string[] = [], exit: 0 | 1 = 1): HostileCase => ({
  name,
  files: { 'm.yaml': () => `${header}${typeof layers === 'function' ? layers() : layers}outputs: ${outputs}\n` },
  args: ['check', 'm.yaml', ...extra],
  exit,
  where: ['m.yaml', ...where],
  hint,
});

/** n Dense layers, each fed by the one before: l0 <- x, l1 <- l0, ... */
const chain = (n: number, first = 'x') => Array.from({ length: n }, (_, k) => dense(`l${k}`, k === 0 ? first : `l${k - 1}`)).join('');

const chainFiles = new Map<number, string>();
/** The file of a valid n-layer chain model, output l{n-1}: built when a case first needs it, once per n. */
const chainModel = (n: number) => (): string => {
  if (!chainFiles.has(n)) chainFiles.set(n, `${header}${chain(n)}outputs: [l${n - 1}]\n`);
  return chainFiles.get(n)!;
};

/** The graph and diff commands on the same pathological graphs. */
const drawn: HostileCase[] = [
  {
    name: 'graph --format svg of a 20 000-layer chain is refused, not a stack overflow',
    files: { 'm.yaml': chainModel(20000) },
    args: ['graph', 'm.yaml', '--format', 'svg'],
    exit: 2,
    where: ['m.yaml', '20001 nodes are too many to lay out as SVG'],
    hint: /draw it with --format dot or --format mermaid/,
  },
  {
    name: 'graph --format dot of a 20 000-layer chain',
    files: { 'm.yaml': chainModel(20000) },
    args: ['graph', 'm.yaml', '--format', 'dot'],
    exit: 0,
    where: ['digraph', 'l19999'],
    hint: /l0/,
  },
  {
    name: 'graph of a cycle is drawn with the problem',
    files: { 'm.yaml': `${header}${dense('a', 'b')}${dense('b', 'a')}outputs: [b]\n` },
    args: ['graph', 'm.yaml', '--format', 'mermaid'],
    exit: 1,
    where: ['m.yaml', 'graph/cycle', /7:28/],
    hint: /one of these references must name an earlier layer/,
  },
  {
    name: 'diff of a 20 000-layer chain and a small model',
    files: { 'm.yaml': chainModel(20000), 'small.yaml': `${header}${dense('l0', 'x')}outputs: [l0]\n` },
    args: ['diff', 'm.yaml', 'small.yaml'],
    exit: 0,
    where: ['l19999'],
    hint: /removed|-/,
  },
  {
    name: 'diff with a cycle on one side',
    files: { 'old.yaml': `${header}${dense('y', 'x')}outputs: [y]\n`, 'new.yaml': `${header}${dense('a', 'b')}${dense('b', 'a')}outputs: [b]\n` },
    args: ['diff', 'old.yaml', 'new.yaml'],
    exit: 1,
    where: ['new.yaml', 'graph/cycle'],
    hint: /one of these references must name an earlier layer/,
  },
];

/** Grouping by copying a list per item made these quadratic: minutes at 100 000 layers (about what 8 MiB holds), seconds to a minute at 60 000. */
const linearAt100k: HostileCase[] = [
  {
    name: 'graph --format mermaid of a 60 000-layer chain',
    files: { 'm.yaml': chainModel(60000) },
    args: ['graph', 'm.yaml', '--format', 'mermaid'],
    exit: 0,
    where: ['flowchart', 'l59999'],
    hint: /l0/,
  },
  {
    name: 'diff removing 60 000 layers',
    files: { 'm.yaml': chainModel(60000), 'small.yaml': `${header}${dense('y', 'x')}outputs: [y]\n` },
    args: ['diff', 'm.yaml', 'small.yaml'],
    exit: 0,
    where: ['l59999'],
    hint: /removed|-/,
  },
];

export const graphCases: HostileCase[] = [
  ...drawn,
  ...linearAt100k,
  check('a self-loop', dense('a', 'a'), '[a]', ['graph/cycle', /6:\d+/], /remove|break|cycle/i),
  check('a two-layer cycle', dense('a', 'b') + dense('b', 'a'), '[b]', ['graph/cycle', /7:28/, 'b -> a -> b'], /remove|break|cycle/i),
  check('a three-layer cycle fed from an input', dense('a', 'x') + `  b: { type: Add, inputs: [a, d] }\n` + dense('c', 'b') + dense('d', 'c'), '[d]', ['graph/cycle', /\d+:\d+/], /remove|break|cycle/i),
  check('a cycle no input reaches', dense('y', 'x') + dense('p', 'q') + dense('q', 'p'), '[y]', ['graph/cycle', /7:\d+/], /remove|break|cycle/i),
  check('a self-loop among several inputs', `  a: { type: Concatenate, inputs: [x, a] }\n`, '[a]', ['graph/cycle', /6:\d+/], /remove|break|cycle/i),
  check('a cycle at the end of a 20 000-layer chain', () => `${chain(20000, 'l19999')}`, '[l19999]', ['graph/cycle'], /remove|break|cycle/i),
  check('an undefined reference at the end of a 20 000-layer chain', () => `${chain(19999)}${dense('l19999', 'nowhere')}`, '[l19999]', ['graph/undefined-reference', /20005:\d+/, "'nowhere'"], /did you mean|inputs|defined/i),
  {
    name: 'a valid 20 000-layer chain is checked in linear time',
    files: { 'm.yaml': chainModel(20000) },
    args: ['summary', 'm.yaml', '--json'],
    exit: 0,
    where: ['"l19999"'],
    hint: /"totalParams": ?400000\b/,
  },
  check('20 000 undefined references (did-you-mean stays linear)', () => Array.from({ length: 20000 }, (_, k) => dense(`l${k}`, `nowhere${k}`)).join(''), '[l0]', ['graph/undefined-reference', /6:\d+/, '20000 problems'], /did you mean|known names: x, l0/),
  check('20 000 unreachable layers', () => `${dense('y', 'x')}${Array.from({ length: 20000 }, (_, k) => dense(`u${k}`, 'x')).join('')}`, '[y]', ['graph/unused-layer', /7:\d+/], /remove|output/i, ['--max-warnings', '0']),
  check('an unreachable layer', dense('y', 'x') + dense('orphan', 'x'), '[y]', ['graph/unused-layer', /7:3/, "'orphan'"], /remove|output/i, ['--max-warnings', '0']),
  {
    name: 'an unused input',
    files: { 'm.yaml': `${header.replace('layers:', '  z: { shape: [4] }\nlayers:')}${dense('y', 'x')}outputs: [y]\n` },
    args: ['check', 'm.yaml', '--max-warnings', '0'],
    exit: 1,
    where: ['m.yaml', 'graph/unused-input', /5:3/, "'z'"],
    hint: /remove it, or feed it to a layer/,
  },
  check('an undefined reference', dense('y', 'xx'), '[y]', ['graph/undefined-reference', /6:\d+/, "'xx'"], /did you mean 'x'/),
  check('an undefined output', dense('y', 'x'), '[y, yy]', ['graph/undefined-output', /7:\d+/, "'yy'"], /did you mean 'y'/),
  check('no outputs', dense('y', 'x'), '[]', ['schema/', /7:\d+/], /at least|add/i),
  check('an output listed twice', dense('y', 'x'), '[y, y]', ['graph/duplicate-output', /7:14/, "'y'"], /list each output once/),
  check('an empty layers mapping', '', '[x]', [/5:\d+/], /add|layer/i),
  check('Add with a single input', `  a: { type: Add, inputs: [x] }\n`, '[a]', ['graph/arity', /6:\d+/], /at least|2|two/i),
  check('Dense with two inputs', `  a: { type: Dense, inputs: [x, x], units: 2 }\n`, '[a]', ['graph/arity', /6:\d+/], /one input|exactly 1|Concatenate/i),
  check('a layer named like the input', dense('x', 'x'), '[x]', [/6:3/], /rename|name/i),
  check('both input and inputs', `  a: { type: Dense, input: x, inputs: [x], units: 2 }\n`, '[a]', [/6:\d+/], /either|one of|remove/i),
  check('a reference that is a number', `  a: { type: Dense, input: 7, units: 2 }\n`, '[a]', [/6:\d+/], /must be|name/i),
  {
    name: 'a reference list of 5 000 repeats of the input',
    files: { 'm.yaml': `${header}  a: { type: Add, inputs: [${Array(5000).fill('x').join(', ')}] }\noutputs: [a]\n` },
    args: ['summary', 'm.yaml', '--json'],
    exit: 0,
    where: ['"a"'],
    hint: /"totalParams": ?0\b/,
  },
  {
    name: 'predict on a model with a cycle stops before any data is read',
    files: { 'm.yaml': `${header}${dense('a', 'b')}${dense('b', 'a')}outputs: [b]\n`, ...tinyData() },
    args: ['predict', 'm.yaml', '--input', 'x.npy', '--output', 'out.npy'],
    exit: 1,
    where: ['m.yaml', 'graph/cycle', /7:28/],
    hint: /remove|break|cycle/i,
  },
  {
    name: 'train on a model with an undefined reference creates no --out directory',
    files: { 'm.yaml': `${header}${dense('y', 'nowhere')}outputs: [y]\n`, ...tinyData() },
    args: ['train', 'm.yaml', '--x', 'x.npy', '--y', 'y.npy', '--out', 'run'],
    exit: 1,
    where: ['m.yaml', 'graph/undefined-reference', /6:\d+/],
    hint: /did you mean|defined|input/i,
  },
];
