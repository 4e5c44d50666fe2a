import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { Registry } from '../layers/registry.js';
import { PluginError } from '../plugins/plugin-error.js';
import type { CheckOptions } from './check.js';
import type { DiffCliOptions } from './diff.js';
import { DEFAULT_MAX_ACTIVATIONS, DEFAULT_MAX_INPUT_BYTES, DEFAULT_MAX_PARAMS } from '../budget/defaults.js';
import { EXIT, UsageError, type CliIO } from './io.js';
import type { EvaluateCliOptions } from './evaluate.js';
import type { GraphCliOptions } from './graph.js';
import type { PredictCliOptions } from './predict.js';
import type { TrainCliOptions } from './train.js';

const VERSION = '0.1.0';

function nonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new InvalidArgumentError('expected a whole number >= 0.');
  return Number(value);
}

function fraction(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n >= 0 && n < 1)) throw new InvalidArgumentError('expected a number from 0 up to (not including) 1, e.g. 0.1.');
  return n;
}

function positiveInt(value: string): number {
  // Checked on its own: '-1' or 'abc' must not be told "expected a whole number >= 0".
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) === 0) throw new InvalidArgumentError('expected a whole number >= 1.');
  return Number(value);
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

// Budgets checked before anything is allocated (src/budget/defaults.ts says why these defaults).
const maxParamsOption = () =>
  new Option('--max-params <n>', "refuse a model with more parameters than this (from the static shapes, before it is built)").argParser(positiveInt).default(DEFAULT_MAX_PARAMS);
const maxActivationsOption = () =>
  new Option('--max-activations <n>', 'refuse a layer that outputs more values than this per sample (from the static shapes)').argParser(positiveInt).default(DEFAULT_MAX_ACTIVATIONS);
const maxInputBytesOption = () =>
  new Option('--max-input-bytes <n>', 'refuse data files that declare more bytes than this together (from their headers, before any is read)').argParser(positiveInt).default(DEFAULT_MAX_INPUT_BYTES);

const backendOption = () =>
  new Option('--backend <name>', 'TensorFlow.js backend: auto = tensorflow (tfjs-node) if installed, else wasm, else cpu')
    .choices(['auto', 'tensorflow', 'wasm', 'cpu'])
    .default('auto');

const workersOption = () =>
  new Option('--workers <n>', 'threads running the kernels on wasm, this one included; 1 = single-threaded (default: the cores)').argParser(positiveInt);

/** Builds the program; each action stores its exit code (commands are thin: parse, call, render). */
function program(io: CliIO, setExit: (code: number | Promise<number>) => void): Command {
  // Every command module, and the registry with its 57 schemas, is loaded when its command runs:
  // `--help` and `--version` then cost little more than starting node.
  let registry: Promise<Registry> | undefined;
  const loadRegistry = () => (registry ??= import('../layers/index.js').then(({ builtinRegistry }) => builtinRegistry()));
  const run = <M>(module: Promise<M>, command: (m: M, registry: Registry) => number | Promise<number>) =>
    Promise.all([module, loadRegistry()]).then(([m, r]) => command(m, r));
  const cmd = new Command('layerspec')
    .description('Keras-style models as safe, statically shape-checked YAML')
    .version(VERSION, '-V, --version')
    .option('--debug', 'print stack traces of internal errors')
    .option('--plugin <path>', 'load your own layer types from this ES module (repeatable; a plugin is code, trusted like an npm dependency)', collect)
    .configureHelp({ showGlobalOptions: true })
    .showSuggestionAfterError(true)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride()
    // Plugins extend the registry every command already holds, before the command runs; only the
    // command line names them (a model file has no way to).
    .hook('preAction', async (root) => {
      const plugins = (root.opts() as { plugin?: string[] }).plugin ?? [];
      // Loaded on use: a plugin receives zod whole, which no other command needs to load.
      if (plugins.length > 0) await (await import('../plugins/load-plugins.js')).loadPlugins(plugins, io.cwd, await loadRegistry());
    });

  cmd
    .command('check')
    .description('validate model files: schema, graph and static shapes')
    .argument('<paths...>', 'model files, directories or glob patterns')
    .addOption(new Option('-f, --format <name>', 'output format').default('stylish'))
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this', nonNegativeInt)
    .option('-i, --input <[NAME=]PATH...>', "also check these .npy/.npz files against the model's inputs (dtype, rank, dimensions), from their headers")
    .option('-q, --quiet', 'report errors only')
    .addOption(maxParamsOption())
    .addOption(maxActivationsOption())
    .addOption(maxInputBytesOption())
    .action((paths: string[], options: CheckOptions) => setExit(run(import('./check.js'), (m, r) => m.runCheck(paths, options, io, r))));

  cmd
    .command('summary')
    .description("print the model like Keras's model.summary()")
    .argument('<file>', 'model file')
    .option('--json', 'print the summary as JSON')
    .action((file: string, options: { json?: boolean }) => setExit(run(import('./summary.js'), (m, r) => m.runSummary(file, options, io, r))));

  cmd
    .command('predict')
    .description('run the model over NumPy data and write its outputs')
    .argument('<file>', 'model file')
    .requiredOption('-i, --input <[NAME=]PATH...>', 'a .npy per model input (NAME= when it has several), or one .npz keyed by input names')
    .requiredOption('-o, --output <path>', '.npy (one output) or .npz (keys = output names); written atomically')
    .option('-w, --weights <path>', 'a directory written by train (model.json + weights.bin), or a .npz keyed <layer>/<weight>')
    .option('-b, --batch-size <n>', 'samples per batch', positiveInt, 32)
    .addOption(maxParamsOption())
    .addOption(maxActivationsOption())
    .addOption(maxInputBytesOption())
    .addOption(backendOption())
    .addOption(workersOption())
    .option('--seed <n>', 'seed for the initial weights when no --weights are given', nonNegativeInt)
    .option('-v, --verbose', 'say which backend ran and how the run went')
    .option('-q, --quiet', 'print nothing but errors')
    .action((file: string, options: PredictCliOptions) =>
      setExit(run(import('./predict.js'), (m, r) => m.runPredict(file, options, io, r))),
    );

  cmd
    .command('train')
    .description("fit the model to NumPy data, like Keras's model.fit; a checkpoint per epoch")
    .argument('<file>', 'model file')
    .requiredOption('--x <[NAME=]PATH...>', 'inputs: a .npy per model input (NAME= when it has several), or one .npz keyed by input names')
    .requiredOption('--y <[NAME=]PATH...>', 'targets: a .npy per model output (NAME= when it has several), or one .npz keyed by output names')
    .requiredOption('-o, --out <dir>', 'directory for model.json, weights.bin, history.json and the checkpoint')
    .option('--epochs <n>', 'epochs (default: the YAML train: section, else 10)', positiveInt)
    .option('-b, --batch-size <n>', 'samples per gradient update (default: train.batch_size, else 32)', positiveInt)
    .option('--validation-split <f>', 'fraction of the data held out for validation (the last samples, as in Keras)', fraction)
    .option('--validation-x <[NAME=]PATH...>', 'separate validation inputs (with --validation-y)')
    .option('--validation-y <[NAME=]PATH...>', 'separate validation targets (with --validation-x)')
    .option('--seed <n>', 'seed for initial weights, shuffling and dropout: the same loss curve run to run', nonNegativeInt)
    .option('--resume', 'continue from the checkpoint in --out (its last complete epoch)')
    .addOption(maxParamsOption())
    .addOption(maxActivationsOption())
    .addOption(maxInputBytesOption())
    .addOption(backendOption())
    .addOption(workersOption())
    .option('--json', 'print one JSON object per epoch on stdout')
    .option('-q, --quiet', 'print nothing but errors')
    .option('-v, --verbose', 'say which backend ran')
    .action((file: string, options: TrainCliOptions) =>
      setExit(run(import('./train.js'), (m, r) => m.runTrain(file, options, io, r))),
    );

  cmd
    .command('evaluate')
    .description("loss and metrics of saved weights on NumPy data, like Keras's model.evaluate")
    .argument('<file>', 'model file')
    .requiredOption('-w, --weights <path>', 'a directory written by train, or a .npz keyed <layer>/<weight>')
    .requiredOption('--x <[NAME=]PATH...>', 'inputs, as for train')
    .requiredOption('--y <[NAME=]PATH...>', 'targets, as for train')
    .option('-b, --batch-size <n>', 'samples per batch', positiveInt)
    .addOption(maxParamsOption())
    .addOption(maxActivationsOption())
    .addOption(maxInputBytesOption())
    .addOption(backendOption())
    .option('--json', 'print the results as JSON')
    .option('-v, --verbose', 'say which backend ran')
    .action((file: string, options: EvaluateCliOptions) =>
      setExit(run(import('./evaluate.js'), (m, r) => m.runEvaluate(file, options, io, r))),
    );

  cmd
    .command('diff')
    .description('what changed between two model files: layers added, removed and changed, params, output shapes, totals')
    .argument('<old>', 'old model file')
    .argument('<new>', 'new model file')
    .option('--json', 'print the diff as JSON')
    .option('--exit-code', 'exit 1 when the models differ (as git diff --exit-code)')
    .action((oldFile: string, newFile: string, options: DiffCliOptions) => setExit(run(import('./diff.js'), (m, r) => m.runDiff(oldFile, newFile, options, io, r))));

  cmd
    .command('graph')
    .description('draw the model: a node per layer (type, output shape, params), an edge per tensor; problems in red')
    .argument('<file>', 'model file')
    .option('-f, --format <name>', 'dot, mermaid or svg (default: from the --output extension, else dot)')
    .option('-o, --output <path>', 'write the drawing to this file (atomically) instead of stdout')
    .action((file: string, options: GraphCliOptions) =>
      setExit(run(import('./graph.js'), (m, r) => m.runGraph(file, options, io, r))),
    );

  cmd
    .command('layers')
    .description('list the registered layer types, or the parameters of one')
    .argument('[type]', 'a layer type, e.g. Conv2D')
    .option('--json', 'print as JSON')
    .action((type: string | undefined, options: { json?: boolean }) => setExit(run(import('./layers.js'), (m, r) => m.runLayers(type, options, io, r))));

  cmd
    .command('schema')
    .description('print the JSON Schema of model files (for editors)')
    .action(() => setExit(run(import('./schema.js'), (m, r) => m.runSchema(io, r))));

  return cmd;
}

/** Runs the command line; returns the exit code and never throws. */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  let exit: number | Promise<number> = EXIT.OK;
  const debug = argv.includes('--debug');
  try {
    const cmd = program(io, (code) => {
      exit = code;
    });
    if (argv.length <= 2) {
      io.stdout.write(cmd.helpInformation());
      return EXIT.USAGE;
    }
    await cmd.parseAsync([...argv]);
    return await exit;
  } catch (error) {
    return reportError(error, io, debug);
  }
}

function reportError(error: unknown, io: CliIO, debug: boolean): number {
  if (error instanceof CommanderError) {
    // Commander already printed its message; --help and --version exit with 0.
    return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
  }
  if (error instanceof UsageError || error instanceof PluginError) {
    io.stderr.write(`layerspec: ${error.message}\n${error.hint ? `  hint: ${error.hint}\n` : ''}`);
    // A plugin that failed to load: what its own code threw, with --debug.
    const cause = error instanceof PluginError ? (error.cause as Error | undefined) : undefined;
    if (debug && cause?.stack) io.stderr.write(`${cause.stack}\n`);
    return EXIT.USAGE;
  }
  const e = error as Error;
  io.stderr.write(`layerspec: internal error: ${e?.message ?? String(error)}\n`);
  io.stderr.write(debug && e?.stack ? `${e.stack}\n` : '  run again with --debug for details, and please report it\n');
  return EXIT.USAGE;
}

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}
