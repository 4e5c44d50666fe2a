import { z } from '../zod-configured.js';
import { pushAll, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Locator, Path } from './locate.js';
import { didYouMean } from './names.js';
import { LOSSES, METRICS, MISSING_LOSSES, MISSING_METRICS } from './train-losses.js';
import { MISSING_OPTIMIZERS, OPTIMIZER_NAMES, optimizerSchemas, UNSUPPORTED_OPTIMIZER_ARGS, type OptimizerName } from './train-optimizers.js';
import { kerasLogNames, trainSpec, type TrainSpec } from './train-schema.js';
import { describePath, issuesToDiagnostics } from './zod-issues.js';

// The `train:` section checked with diagnostics: zod's issues plus the Keras habits zod cannot explain.

/** A problem found in `train:`, at a path from the top of the file. */
export interface TrainProblem {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  path: Path;
  target: 'key' | 'value';
  hint?: string;
}

export interface TrainContext {
  file: string;
  locator: Locator | undefined;
}

/** A problem as a diagnostic of the file, at its key or value. */
export function trainDiagnostic(p: TrainProblem, ctx: TrainContext): Diagnostic {
  return { code: p.code, severity: p.severity, message: p.message, file: ctx.file, range: ctx.locator?.locate(p.path, p.target), hint: p.hint };
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const show = (v: unknown) => JSON.stringify(v) ?? String(v);
const shortList = (names: readonly string[]) => names.join(', ');

/** Keras call syntax in a string: `Adam()`, `adam(lr=0.01)`, `tf.keras.optimizers.SGD(0.1, momentum=0.9)`. */
const CALL = /^\s*(?:[A-Za-z_][\w]*\.)*([A-Za-z_]\w*)\s*\((.*)\)\s*$/s;

/** `Adam(lr=0.01)` -> `{ type: adam, learning_rate: 0.01 }`, as far as it can be read. */
function optimizerCallHint(name: string, args: string): string {
  const type = didYouMean(name, OPTIMIZER_NAMES) ?? name.toLowerCase();
  const parts = [`type: ${type}`];
  args.split(',').map((a) => a.trim()).filter(Boolean).forEach((arg, i) => {
    const eq = /^(\w+)\s*=\s*(.+)$/.exec(arg);
    const key = eq ? (eq[1] === 'lr' ? 'learning_rate' : eq[1]) : i === 0 ? 'learning_rate' : undefined;
    const value = (eq ? eq[2] : arg).replace(/^True$/, 'true').replace(/^False$/, 'false');
    if (key) parts.push(`${key}: ${value}`);
  });
  return `write a mapping: \`optimizer: { ${parts.join(', ')} }\``;
}

/** Problems zod cannot explain well: Keras habits, names (with did-you-mean), unsupported arguments. */
function kerasHabits(train: Record<string, unknown>, handled: Set<string>): TrainProblem[] {
  const problems: TrainProblem[] = [];
  const report = (code: string, message: string, path: Path, target: 'key' | 'value', hint: string) => {
    problems.push({ code, severity: 'error', message, path: ['train', ...path], target, hint });
    handled.add(JSON.stringify(path));
  };

  const optimizer = train.optimizer;
  const badOptimizerName = (value: unknown, path: Path) => {
    const call = typeof value === 'string' ? CALL.exec(value) : null;
    if (call) {
      report('schema/invalid-value', `\`train.optimizer\` is Python call syntax, ${show(value)}; YAML has no calls`, path, 'value',
        optimizerCallHint(call[1], call[2]));
      return;
    }
    const text = typeof value === 'string' ? value : show(value);
    const missing = Object.hasOwn(MISSING_OPTIMIZERS, text.toLowerCase()) ? MISSING_OPTIMIZERS[text.toLowerCase()] : undefined;
    const guess = typeof value === 'string' ? didYouMean(value, OPTIMIZER_NAMES) : undefined;
    report('schema/invalid-value', `\`${describePath(['train', ...path])}\`: unknown optimizer ${show(value)}; TensorFlow.js has ${shortList(OPTIMIZER_NAMES)}`,
      path, 'value', missing ?? (guess ? `did you mean "${guess}"?` : `write one of ${shortList(OPTIMIZER_NAMES)}`));
  };
  if (typeof optimizer === 'string' && !(OPTIMIZER_NAMES as readonly string[]).includes(optimizer)) {
    badOptimizerName(optimizer, ['optimizer']);
  } else if (isRecord(optimizer)) {
    if (!('type' in optimizer)) {
      report('schema/missing-key', '`train.optimizer` has no `type`', ['optimizer'], 'key', `add \`type:\`, one of ${shortList(OPTIMIZER_NAMES)}`);
    } else if (!(OPTIMIZER_NAMES as readonly unknown[]).includes(optimizer.type)) {
      badOptimizerName(optimizer.type, ['optimizer', 'type']);
    }
    for (const [key, value] of Object.entries(optimizer)) {
      if (key === 'lr') {
        report('schema/unknown-key', '`train.optimizer.lr` is the old Keras name of the learning rate', ['optimizer', 'lr'], 'key',
          `write \`learning_rate: ${show(value)}\``);
        continue;
      }
      const unsupported = Object.hasOwn(UNSUPPORTED_OPTIMIZER_ARGS, key) ? UNSUPPORTED_OPTIMIZER_ARGS[key as keyof typeof UNSUPPORTED_OPTIMIZER_ARGS] : undefined;
      if (unsupported && value !== unsupported.accepted && !(key === 'amsgrad' && optimizer.type !== 'adam')) {
        report('schema/invalid-value', `\`train.optimizer.${key}: ${show(value)}\` cannot be honoured: ${unsupported.why}`, ['optimizer', key], 'key',
          `remove \`${key}\`${unsupported.accepted === null ? '' : ` (${show(unsupported.accepted)}, Keras's default, is what runs)`}`);
      }
    }
  }

  const checkName = (kind: 'loss' | 'metric', value: unknown, path: Path) => {
    const where = `\`${describePath(['train', ...path])}\``;
    const known = Object.keys(kind === 'loss' ? LOSSES : METRICS);
    if (typeof value !== 'string') {
      report('schema/invalid-type', `${where} must be a ${kind} name, got ${show(value)}`, path, 'value', `write a Keras name, e.g. ${kind === 'loss' ? 'mse' : 'accuracy'}`);
      return;
    }
    if (known.includes(value)) return;
    const call = CALL.exec(value);
    // `MeanSquaredError()` / `CategoricalAccuracy`: Keras's class names, in snake case, are its string names.
    const snake = (call ? call[1] : value).replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
    const table = kind === 'loss' ? MISSING_LOSSES : MISSING_METRICS;
    // Own keys only: a name like `constructor` must not find Object.prototype's.
    const missing = Object.hasOwn(table, snake) ? table[snake] : undefined;
    if (missing) {
      report('schema/invalid-value', `${where}: ${show(value)} cannot be used: ${missing}`, path, 'value', `use one of: ${shortList(known)}`);
      return;
    }
    const guess = known.includes(snake) ? snake : didYouMean(value, known);
    report('schema/invalid-value', `${where}: unknown ${kind} ${show(value)}`, path, 'value',
      guess ? `did you mean "${guess}"?` : `${kind === 'loss' ? 'losses' : 'metrics'} TensorFlow.js has: ${shortList(known)}`);
  };

  // Losses and metrics are checked here in full (zod's report of an enum-or-mapping union is poor).
  const loss = train.loss;
  if (typeof loss === 'string') checkName('loss', loss, ['loss']);
  else if (isRecord(loss)) for (const [output, value] of Object.entries(loss)) checkName('loss', value, ['loss', output]);
  else if (loss !== undefined) {
    report('schema/invalid-type', `\`train.loss\` must be a loss name or a mapping of output -> loss, got ${show(loss)}`, ['loss'], 'value',
      'write e.g. `loss: mse`, or `loss: { score: mse, probs: categorical_crossentropy }`');
  }

  const metrics = train.metrics;
  const checkList = (list: unknown[], path: Path) => {
    const seen = new Set<unknown>();
    list.forEach((m, i) => {
      checkName('metric', m, [...path, i]);
      if (seen.has(m)) {
        report('schema/invalid-value', `\`${describePath(['train', ...path])}\` lists ${show(m)} twice`, [...path, i], 'value', 'remove the repeated metric: each is logged once, by name');
      }
      seen.add(m);
    });
  };
  if (train.validation_split === 1) {
    report('schema/out-of-range', '`train.validation_split` is 1: every sample would be held out for validation, none left to train on', ['validation_split'], 'value',
      '`validation_split` is the fraction held out, below 1: e.g. 0.1 validates on the last 10% of the samples');
  }

  if (typeof metrics === 'string') {
    report('schema/invalid-type', `\`train.metrics\` must be a list, got ${show(metrics)}`, ['metrics'], 'value', `write a list, as in Keras: \`metrics: [${metrics}]\``);
  } else if (Array.isArray(metrics)) {
    checkList(metrics, ['metrics']);
  } else if (isRecord(metrics)) {
    for (const [output, value] of Object.entries(metrics)) {
      if (Array.isArray(value)) checkList(value, ['metrics', output]);
      else checkName('metric', value, ['metrics', output]);
    }
  } else if (metrics !== undefined) {
    report('schema/invalid-type', `\`train.metrics\` must be a list of metric names, got ${show(metrics)}`, ['metrics'], 'value', 'write e.g. `metrics: [accuracy]`');
  }
  return problems;
}

type Issue = z.core.$ZodIssue;

/** Drops the zod issues that a Keras-habit problem already explains (same path or below it). */
function withoutHandled(issues: readonly Issue[], handled: Set<string>, prefix: Path): Issue[] {
  const isHandled = (path: Path) => {
    for (let n = 1; n <= path.length; n++) if (handled.has(JSON.stringify(path.slice(0, n)))) return true;
    return false;
  };
  const kept: Issue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...(issue.path as (string | number)[])];
    if (isHandled(path)) continue;
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.filter((k) => !isHandled([...path, k]));
      if (keys.length > 0) kept.push({ ...issue, keys });
      continue;
    }
    kept.push(issue);
  }
  return kept;
}

export interface ParsedTrain {
  train?: TrainSpec;
  diagnostics: Diagnostic[];
}

/**
 * Validates the `train:` section (the value under the top-level `train` key), every problem at its
 * key or value. The model-dependent checks are `checkTrainSpec`, once the outputs are known.
 */
export function parseTrain(raw: unknown, ctx: TrainContext): ParsedTrain {
  const diagnostics: Diagnostic[] = [];
  const push = (p: TrainProblem) => diagnostics.push(trainDiagnostic(p, ctx));
  if (!isRecord(raw)) {
    push({ code: 'schema/invalid-type', severity: 'error', message: `\`train\` must be a mapping, got ${raw === null ? 'nothing' : show(raw)}`,
      path: ['train'], target: raw === null ? 'key' : 'value', hint: 'write e.g. `train: { optimizer: adam, loss: mse, epochs: 10 }`, or leave `train:` out' });
    return { diagnostics };
  }
  const handled = new Set<string>();
  for (const p of kerasHabits(raw, handled)) push(p);

  const data = { train: raw };
  const report = (issues: readonly Issue[], prefix: Path, schema: z.core.$ZodType) => {
    const kept = withoutHandled(issues, handled, prefix).map((i) => ({ ...i, path: ['train', ...prefix, ...i.path] }));
    pushAll(diagnostics, issuesToDiagnostics(kept as Issue[], { file: ctx.file, locator: ctx.locator, basePath: [], subject: '', schema }, data));
  };

  // An optimizer mapping is checked against its own type's schema, so that its problems (and
  // did-you-mean among its own arguments) are reported, not a union's.
  const { optimizer, loss: _loss, metrics: _metrics, ...rest } = raw;
  if (isRecord(optimizer) && (OPTIMIZER_NAMES as readonly unknown[]).includes(optimizer.type)) {
    const schema = optimizerSchemas()[optimizer.type as OptimizerName];
    const parsed = schema.safeParse(optimizer, { reportInput: true });
    if (!parsed.success) report(parsed.error.issues, ['optimizer'], z.object({ train: z.object({ optimizer: schema }) }));
  } else if (optimizer !== undefined && typeof optimizer !== 'string' && !isRecord(optimizer)) {
    push({ code: 'schema/invalid-type', severity: 'error', message: `\`train.optimizer\` must be a name or a mapping, got ${show(optimizer)}`,
      path: ['train', 'optimizer'], target: 'value', hint: 'write e.g. `optimizer: adam` or `optimizer: { type: adam, learning_rate: 0.001 }`' });
  }
  const others = trainSpec().omit({ optimizer: true, loss: true, metrics: true }).safeParse(rest, { reportInput: true });
  if (!others.success) report(others.error.issues, [], z.object({ train: trainSpec() }));

  if (diagnostics.length > 0) return { diagnostics };
  const parsed = trainSpec().safeParse(raw);
  // The checks above are the whole schema; this only applies the defaults.
  if (!parsed.success) {
    report(parsed.error.issues, [], z.object({ train: trainSpec() }));
    return { diagnostics };
  }
  return { train: parsed.data, diagnostics };
}

/**
 * The checks of `train:` that need the model: per-output losses and metrics name real outputs,
 * every output has a loss, and early stopping watches a value that will be logged. Paths are from
 * the top of the file. Pure, so that whoever assembles a spec can call it.
 */
export function checkTrainSpec(train: TrainSpec, outputs: readonly string[]): TrainProblem[] {
  const problems: TrainProblem[] = [];
  const error = (code: string, message: string, path: Path, target: 'key' | 'value', hint: string) =>
    problems.push({ code, severity: 'error', message, path, target, hint });

  const outputList = outputs.map((o) => `\`${o}\``).join(', ');
  // `scroe: mse` makes `score` lack a loss too: the unknown key's did-you-mean says it all.
  const misspelt = new Set<string>();
  const checkKeys = (what: 'loss' | 'metrics', value: Record<string, unknown>) => {
    for (const key of Object.keys(value)) {
      if (outputs.includes(key)) continue;
      const guess = didYouMean(key, outputs);
      if (guess && what === 'loss') misspelt.add(guess);
      error('schema/unknown-key', `\`train.${what}.${key}\`: the model has no output \`${key}\``, ['train', what, key], 'key',
        guess ? `did you mean \`${guess}\`?` : `the model's outputs are ${outputList}`);
    }
  };
  if (typeof train.loss !== 'string') {
    checkKeys('loss', train.loss);
    const missing = outputs.filter((o) => !(o in (train.loss as Record<string, unknown>)) && !misspelt.has(o));
    if (missing.length > 0) {
      error('schema/missing-key', `\`train.loss\` gives no loss for the output${missing.length > 1 ? 's' : ''} ${missing.map((o) => `\`${o}\``).join(', ')}`,
        ['train', 'loss'], 'key', `every output needs a loss: add ${missing.map((o) => `\`${o}: mse\``).join(', ')} (or the loss it needs)`);
    }
  }
  if (!Array.isArray(train.metrics)) checkKeys('metrics', train.metrics);

  const es = train.early_stopping;
  if (es) {
    const names = kerasLogNames(train, outputs, true);
    const path = ['train', 'early_stopping', 'monitor'];
    if (!names.includes(es.monitor)) {
      const guess = didYouMean(es.monitor, names);
      error('schema/invalid-value', `\`train.early_stopping.monitor\`: ${show(es.monitor)} will not be logged; training logs ${names.join(', ')}`,
        path, 'value', guess ? `did you mean "${guess}"?` : 'monitor `loss`, `val_loss`, or a metric listed under `metrics` (with `val_` for its validation value)');
    } else if (es.monitor.startsWith('val_') && train.validation_split === 0) {
      problems.push({ code: 'schema/invalid-value', severity: 'warning', path, target: 'value',
        message: `\`train.early_stopping.monitor\` is ${show(es.monitor)} but \`validation_split\` is 0, so there is no validation value to watch`,
        hint: `set \`validation_split\` (e.g. 0.1) here or with --validation-split, or monitor ${show(es.monitor.slice(4))}` });
    }
  }
  return problems;
}
