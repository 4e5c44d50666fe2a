/**
 * Careless command lines: unknown flags and commands (with did-you-mean), numbers that are not
 * numbers or out of range, missing files, directories given as files, outputs that would destroy
 * an input, output directories that are missing or cannot be written.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { HostileCase } from './harness.js';
import { npy, TINY, tinyData } from './inputs.js';

const model = { 'm.yaml': TINY, ...tinyData() };
const PREDICT = ['predict', 'm.yaml', '--input', 'x.npy', '--output', 'out.npy', '--backend', 'cpu'];
const TRAIN = ['train', 'm.yaml', '--x', 'x.npy', '--y', 'y.npy', '--out', 'run', '--backend', 'cpu'];

const usage = (name: string, args: string[], where: (string | RegExp)[], hint: RegExp, files: HostileCase['files'] = model): HostileCase => ({ name, files, args, exit: 2, where, hint });

/** Every numeric flag with values that are not what it takes. */
const badNumbers: HostileCase[] = [
  ...[['--epochs', TRAIN], ['--batch-size', TRAIN], ['--batch-size', PREDICT]].flatMap(([flag, base]) =>
    ['abc', '0', '-1', '1e999', '1.5', '', '0x10', '99999999999999999999'].map((value) =>
      usage(`${(base as string[])[0]} ${flag} ${JSON.stringify(value)}`, [...(base as string[]), flag as string, value], [flag as string], /expected a whole number >= 1/),
    ),
  ),
  ...['1.5', '-1', 'abc', '1e999', 'NaN'].map((value) => usage(`predict --seed ${value}`, [...PREDICT, '--seed', value], ['--seed'], /expected a whole number >= 0/)),
  ...['1.5', '-1', 'abc'].map((value) => usage(`train --seed ${value}`, [...TRAIN, '--seed', value], ['--seed'], /expected a whole number >= 0/)),
  ...['1', '-0.1', 'abc', 'NaN', '1e999', ''].map((value) => usage(`train --validation-split ${JSON.stringify(value)}`, [...TRAIN, '--validation-split', value], ['--validation-split'], /expected a number from 0 up to/)),
  ...['-1', 'abc', '1.5'].map((value) => usage(`check --max-warnings ${value}`, ['check', 'm.yaml', '--max-warnings', value], ['--max-warnings'], /expected a whole number >= 0/)),
];

const unknownNames: HostileCase[] = [
  usage('an unknown flag close to one', ['check', 'm.yaml', '--formt', 'json'], ["'--formt'"], /Did you mean --format\?/i),
  usage('an unknown predict flag', [...PREDICT, '--weigths', 'w.npz'], ["'--weigths'"], /Did you mean --weights\?/i),
  usage('an unknown train flag', [...TRAIN, '--epoch', '3'], ["'--epoch'"], /Did you mean --epochs\?/i),
  usage('an unknown command', ['chek', 'm.yaml'], ["'chek'"], /Did you mean check\?/i),
  usage('an unknown format', ['check', 'm.yaml', '--format', 'sarf'], ["'sarf'"], /did you mean 'sarif'\?/),
  usage('an unknown backend', [...PREDICT.slice(0, -1), 'gpu'], ['--backend', "'gpu'"], /Allowed choices are auto, tensorflow, wasm, cpu/),
  usage('an unknown layer type for layers', ['layers', 'Conv3D'], ["'Conv3D'"], /did you mean|Conv2D/),
  usage('no command', [], [/Usage: layerspec/], /Commands:/),
  usage('a missing required option', ['predict', 'm.yaml', '--input', 'x.npy'], ["'-o, --output <path>'"], /run with --help/),
  usage('a missing argument', ['summary'], ["'file'"], /run with --help/),
  usage('a flag without its value', ['predict', 'm.yaml', '--input', 'x.npy', '--output'], ["'-o, --output <path>'"], /argument missing|run with --help/),
  usage('--debug with a user error', ['--debug', 'check', 'nothing.yaml'], ["'nothing.yaml'"], /check the path/),
  { ...usage('an unknown flag, as the shell sees it', ['check', 'm.yaml', '--max-warning', '0'], ["'--max-warning'"], /Did you mean --max-warnings\?/i), spawn: true },
  usage('--plugin that does not exist', ['--plugin', './nothing.mjs', 'check', 'm.yaml'], ['nothing.mjs'], /hint: /),
];

const missingFiles: HostileCase[] = [
  usage('a missing model file', ['check', 'nothing.yaml'], ["'nothing.yaml'"], /check the path/),
  usage('a missing model file for predict', ['predict', 'nothing.yaml', '--input', 'x.npy', '--output', 'out.npy'], ["'nothing.yaml'"], /check the path/),
  usage('a glob matching nothing', ['check', 'models/**/*.yml'], ["'models/**/*.yml'"], /check the pattern, or quote it/),
  usage('a directory without models', ['check', 'empty'], ["'empty'"], /hint: /, { 'empty/readme.txt': 'nothing' }),
  usage('a model file that is a directory for summary', ['summary', 'dir.yaml'], ["'dir.yaml'"], /name a \.yaml file/, { 'dir.yaml/x': '' }),
  usage('missing --weights', [...PREDICT, '--weights', 'nothing'], ['--weights nothing'], /give the directory `train --out` wrote/),
  usage('--weights that is model.json', [...PREDICT, '--weights', 'run/model.json'], ['--weights run/model.json'], /give its directory: --weights run/, { ...model, 'run/model.json': '{}' }),
  usage('--weights that is a .bin file', [...PREDICT, '--weights', 'w.bin'], ['--weights w.bin'], /keys of the \.npz are <layer>\/<weight>/, { ...model, 'w.bin': 'x' }),
  {
    name: 'a directory with a symbolic-link loop is walked once',
    files: { 'models/m.yaml': TINY.replace('units: 1 }', 'units: 0 }') },
    setup: (dir) => fs.symlinkSync('..', path.join(dir, 'models/loop')),
    args: ['check', 'models'],
    exit: 1,
    where: ['m.yaml', /6:\d+/, 'schema/out-of-range'],
    hint: /units/,
  },
  usage('diff with a missing side', ['diff', 'm.yaml', 'nothing.yaml'], ["'nothing.yaml'"], /check the path/),
  usage('a 100 000-character path', ['check', `${'a'.repeat(100_000)}.yaml`], [/cannot read 'a+/], /check the path/),
  usage('an empty path', ['check', ''], ["''"], /check the variable or quoting/),
  usage('an empty model path for predict', ['predict', '', '--input', 'x.npy', '--output', 'out.npy'], ["''"], /check the variable or quoting/),
];

/** Outputs that would overwrite an input, or that cannot be written where they are asked for. */
const outputs: HostileCase[] = [
  usage('--output equal to --input', ['predict', 'm.yaml', '--input', 'x.npy', '--output', 'x.npy'], ['--output x.npy', 'is also an input'], /write the output to another file/),
  usage('--output equal to --input by another spelling', ['predict', 'm.yaml', '--input', 'x.npy', '--output', './sub/../x.npy'], ['is also an input'], /write the output to another file/, { ...model, 'sub/.keep': '' }),
  {
    ...usage('--output a symbolic link to the input', ['predict', 'm.yaml', '--input', 'x.npy', '--output', 'link.npy'], ['is also an input'], /write the output to another file/),
    setup: (dir) => fs.symlinkSync('x.npy', path.join(dir, 'link.npy')),
  },
  usage('--output equal to the --weights .npz', ['predict', 'm.yaml', '--input', 'x.npy', '--weights', 'w.npz', '--output', 'w.npz'], ['--output w.npz', 'is also an input'], /write the output to another file/, { ...model, 'w.npz': npy([1]) }),
  usage('--output the model file', ['predict', 'm.yaml', '--input', 'x.npy', '--output', 'm.yaml'], ['--output m.yaml'], /--output predictions\.npy/),
  usage('--output a directory', ['predict', 'm.yaml', '--input', 'x.npy', '--output', 'd.npy'], ['--output d.npy is a directory'], /name a file/, { ...model, 'd.npy/.keep': '' }),
  usage('--output in a missing directory', ['predict', 'm.yaml', '--input', 'x.npy', '--output', 'no/such/out.npy'], ['--output no/such/out.npy', 'does not exist'], /mkdir -p no\/such/),
  usage('--output under a regular file', ['predict', 'm.yaml', '--input', 'x.npy', '--output', 'file.txt/out.npy'], ['--output file.txt/out.npy', 'file.txt is not a directory'], /choose another place for the output/, { ...model, 'file.txt': 'text' }),
  usage('--output under /proc', ['predict', 'm.yaml', '--input', 'x.npy', '--output', '/proc/out.npy', '--backend', 'cpu'], ['/proc/out.npy', 'npy/write'], /choose another place for the output/),
  usage('--output .npy for a two-output model', ['predict', 'two.yaml', '--input', 'x.npy', '--output', 'out.npy'], ['--output out.npy', '2 outputs'], /write --output out\.npz/, {
    ...model,
    'two.yaml': TINY.replace('outputs: [y]', 'outputs: [y, z]').replace('  y: {', '  z: { type: Dense, input: x, units: 2 }\n  y: {'),
  }),
  usage('train --out a regular file', [...TRAIN.slice(0, -4), '--out', 'file.txt'], ['--out file.txt is a file'], /name a directory/, { ...model, 'file.txt': 'text' }),
  usage('train --out under a regular file', [...TRAIN.slice(0, -4), '--out', 'file.txt/run', '--epochs', '1'], ['--out file.txt/run', 'a parent of it is a file'], /choose another directory for --out/, { ...model, 'file.txt': 'text' }),
  usage('train --out under /proc', [...TRAIN.slice(0, -4), '--out', '/proc/run', '--epochs', '1'], ['/proc/run', 'cannot create the directory'], /choose another --out/),
  usage('train --out holding its own model file', ['train', 'run/history.json', '--x', 'x.npy', '--y', 'y.npy', '--out', 'run'], ['--out run would overwrite'], /write the checkpoints to another directory/, {
    ...model,
    'run/history.json': TINY,
  }),
  usage('train --out holding its model file under a name the checkpoint writes next', ['train', 'run/best-weights.bin.next', '--x', 'x.npy', '--y', 'y.npy', '--out', 'run'], ['--out run would overwrite'], /write the checkpoints to another directory/, {
    ...model,
    'run/best-weights.bin.next': TINY,
  }),
];

export const cliCases: HostileCase[] = [...badNumbers, ...unknownNames, ...missingFiles, ...outputs];
