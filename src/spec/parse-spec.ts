import type { z } from 'zod';
import { pushAll, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { AnyLayerDef } from '../layers/define.js';
import type { Registry } from '../layers/registry.js';
import type { Locator, Path } from './locate.js';
import type { LayerNode, ModelInput, ModelSpec } from './model.js';
import { didYouMean, kerasSnakeCase, NAME_PATTERN } from './names.js';
import { COMMON_LAYER_KEYS, FORMAT_VERSION, fileEnvelope, inputSpec, layerSchema } from './schema.js';
import { checkTrainSpec, parseTrain, trainDiagnostic } from './train-check.js';
import { issuesToDiagnostics } from './zod-issues.js';

/** Keras aliases and Keras 1 names that users paste; layerspec registers each type once. */
const TYPE_ALIASES: Record<string, string> = {
  Convolution1D: 'Conv1D',
  Convolution2D: 'Conv2D',
  Deconvolution2D: 'Conv2DTranspose',
  SeparableConvolution2D: 'SeparableConv2D',
  DepthwiseConvolution2D: 'DepthwiseConv2D',
  MaxPool1D: 'MaxPooling1D',
  MaxPool2D: 'MaxPooling2D',
  AvgPool1D: 'AveragePooling1D',
  AvgPool2D: 'AveragePooling2D',
  GlobalMaxPool1D: 'GlobalMaxPooling1D',
  GlobalMaxPool2D: 'GlobalMaxPooling2D',
  GlobalAvgPool1D: 'GlobalAveragePooling1D',
  GlobalAvgPool2D: 'GlobalAveragePooling2D',
  Merge: 'Concatenate',
  merge: 'Concatenate',
  concatenate: 'Concatenate',
};

const COMMON_KEYS = new Set(Object.keys(COMMON_LAYER_KEYS));

export interface ParseContext {
  file: string;
  locator: Locator | undefined;
  registry: Registry;
}

export interface ParsedSpec {
  spec?: ModelSpec;
  diagnostics: Diagnostic[];
}

/** Validates loaded YAML data as a format-1 model file and resolves its names. */
export function parseSpec(data: unknown, ctx: ParseContext): ParsedSpec {
  const diagnostics: Diagnostic[] = [];
  const error = (code: string, message: string, path: Path, hint?: string, target: 'key' | 'value' = 'key', layer?: string) =>
    diagnostics.push({ code, severity: 'error', message, file: ctx.file, range: ctx.locator?.locate(path, target), hint, layer });

  if (data === null || data === undefined) {
    error('schema/version', 'the file is empty', [], 'a model file starts with `layerspec: 1`; see models/ for examples');
    return { diagnostics };
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    error('schema/invalid-type', 'a model file must be a YAML mapping (keys `layerspec`, `inputs`, `layers`, ...)', [], 'start the file with `layerspec: 1`', 'value');
    return { diagnostics };
  }
  const top = data as Record<string, unknown>;
  if (!('layerspec' in top)) {
    error('schema/version', 'missing `layerspec: 1` (the format version)', [], 'add `layerspec: 1` as the first line');
  } else if (top.layerspec !== FORMAT_VERSION) {
    error('schema/version', `format version ${JSON.stringify(top.layerspec)} is not supported; this layerspec reads format ${FORMAT_VERSION}`,
      ['layerspec'], 'write `layerspec: 1`', 'value');
    return { diagnostics };
  }

  const envelope = fileEnvelope.safeParse(top, { reportInput: true });
  if (!envelope.success) {
    // (the envelope leaves `train` open: parseTrain below checks it, knowing the Keras habits there)
    const issues = envelope.error.issues.filter((i) => !(i.path.length === 1 && i.path[0] === 'layerspec'));
    pushAll(diagnostics, issuesToDiagnostics(issues, { file: ctx.file, locator: ctx.locator, basePath: [], subject: '', schema: fileEnvelope }, top));
  }

  const train = top.train === undefined ? undefined : parseTrain(top.train, ctx);
  if (train) pushAll(diagnostics, train.diagnostics);

  const sequential = Array.isArray(top.layers);
  const inputs = parseInputs(top, sequential, ctx, diagnostics, error);
  const layers = parseLayers(top.layers, sequential, inputs, ctx, diagnostics, error);
  if (!layers) return { diagnostics };

  let outputs: string[];
  let outputPaths: Path[];
  if (typeof top.outputs === 'string') {
    outputs = [top.outputs];
    outputPaths = [['outputs']];
  } else if (Array.isArray(top.outputs) && top.outputs.every((o) => typeof o === 'string')) {
    outputs = top.outputs as string[];
    outputPaths = outputs.map((_, i) => ['outputs', i]);
  } else {
    const last = layers[layers.length - 1];
    outputs = last ? [last.name] : [];
    outputPaths = last ? [last.path] : [];
  }

  const spec: ModelSpec = {
    file: ctx.file,
    name: typeof top.name === 'string' ? top.name : defaultModelName(ctx.file),
    description: typeof top.description === 'string' ? top.description : undefined,
    form: sequential ? 'sequential' : 'functional',
    inputs,
    layers,
    outputs,
    outputPaths,
    train: train?.train,
  };
  if (train?.train) for (const p of checkTrainSpec(train.train, outputs)) diagnostics.push(trainDiagnostic(p, ctx));
  return { spec, diagnostics };
}

type ErrorFn = (code: string, message: string, path: Path, hint?: string, target?: 'key' | 'value', layer?: string) => void;

function parseInputs(top: Record<string, unknown>, sequential: boolean, ctx: ParseContext, diagnostics: Diagnostic[], error: ErrorFn): ModelInput[] {
  const entries: [string, unknown, Path][] = [];
  if (top.input !== undefined && top.inputs !== undefined) {
    error('schema/invalid', 'give either `input` (one input, list form) or `inputs` (named inputs), not both', ['input'],
      sequential ? 'a list-form model takes `input:`; remove `inputs:`' : 'a mapping-form model takes `inputs:`; remove `input:`');
  } else if (top.input !== undefined) {
    if (!sequential) {
      error('schema/invalid', '`input` is for the list form; in the mapping form name the inputs', ['input'],
        'write `inputs: { x: { shape: [...] } }` and refer to `x` from the layers');
    }
    // Checked under the name `input` anyway, so that layers reading `input` are not reported too.
    entries.push(['input', top.input, ['input']]);
  }
  if (top.inputs && typeof top.inputs === 'object' && !Array.isArray(top.inputs)) {
    for (const [name, value] of Object.entries(top.inputs)) entries.push([name, value, ['inputs', name]]);
    if (sequential && entries.length > 1) {
      error('schema/invalid', 'a list-form model has one input; this one names several', ['inputs'],
        'use the mapping form of `layers` to wire several inputs');
    }
  } else if (Array.isArray(top.inputs)) {
    error('schema/invalid-type', '`inputs` must be a mapping of name -> {shape: [...]}, not a list', ['inputs'],
      'write `inputs: { x: { shape: [4, 2] } }`', 'value');
  }
  if (entries.length === 0 && top.layers !== undefined) {
    error('schema/missing-key', sequential ? 'the model has no `input`' : 'the model has no `inputs`', [],
      sequential ? 'add `input: { shape: [...] }` (the shape of one sample, without the batch dimension)'
        : 'add `inputs: { x: { shape: [...] } }` (the shape of one sample, without the batch dimension)');
  }
  const inputs: ModelInput[] = [];
  for (const [name, value, path] of entries) {
    if (path[0] === 'inputs' && !NAME_PATTERN.test(name)) {
      error('schema/invalid-value', `input name ${JSON.stringify(name)} is not a valid name`, path,
        'a name starts with a letter or _ and has only letters, digits, _, . and -');
      continue;
    }
    const parsed = inputSpec.safeParse(value, { reportInput: true });
    if (!parsed.success) {
      pushAll(diagnostics, issuesToDiagnostics(parsed.error.issues,
        { file: ctx.file, locator: ctx.locator, basePath: path, subject: `Input '${name}'`, schema: inputSpec }, value));
      inputs.push({ name, shape: [], dtype: 'float32', path, broken: true });
      continue;
    }
    inputs.push({ name, shape: parsed.data.shape, dtype: parsed.data.dtype, path });
  }
  return inputs;
}

function parseLayers(
  raw: unknown,
  sequential: boolean,
  inputs: ModelInput[],
  ctx: ParseContext,
  diagnostics: Diagnostic[],
  error: ErrorFn,
): LayerNode[] | undefined {
  if (raw === undefined || raw === null || typeof raw !== 'object') return undefined;
  const items: [string | undefined, unknown, Path][] = Array.isArray(raw)
    ? raw.map((item, i) => [undefined, item, ['layers', i]])
    : Object.entries(raw).map(([name, item]) => [name, item, ['layers', name]]);
  if (items.length === 0) {
    error('graph/no-layers', 'the model has no layers', ['layers'], 'add at least one layer under `layers:`');
    return [];
  }

  const schemas = new Map<AnyLayerDef, z.ZodObject>();
  const usedNames = new Set<string>(inputs.map((i) => i.name));
  const typeCounts = new Map<string, number>();
  const layers: LayerNode[] = [];
  let previous: string | undefined = inputs[0]?.name;
  let previousPath: Path | undefined;

  for (const [key, item, path] of items) {
    const label = key !== undefined ? `Layer '${key}'` : `Layer ${Number(path[1]) + 1}`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      error('schema/invalid-type', `${label} must be a mapping with a \`type\`, got ${item === null ? 'null' : Array.isArray(item) ? 'a list' : JSON.stringify(item)}`,
        path, 'write e.g. `{ type: Dense, units: 10 }`', 'value');
      continue;
    }
    const config = item as Record<string, unknown>;
    const type = typeof config.type === 'string' ? config.type : undefined;

    // The layer's name: the mapping key, or `name:` / a Keras-style default in the list form.
    let name: string;
    if (key !== undefined) {
      name = key;
      if (!NAME_PATTERN.test(key)) {
        error('schema/invalid-value', `layer name ${JSON.stringify(key)} is not a valid name`, path,
          'a name starts with a letter or _ and has only letters, digits, _, . and -');
      }
      if ('name' in config) {
        error('schema/unknown-key', `${label}: in the mapping form the key is the layer's name`, [...path, 'name'], 'remove `name:`');
      }
    } else if (typeof config.name === 'string') {
      name = config.name;
    } else {
      const base = kerasSnakeCase(type ?? 'layer');
      let count = typeCounts.get(base) ?? 0;
      do {
        name = count === 0 ? base : `${base}_${count}`;
        count++;
      } while (usedNames.has(name));
      typeCounts.set(base, count);
    }
    if (usedNames.has(name)) {
      error('graph/duplicate-name', `${label}: the name '${name}' is already used by ${inputs.some((i) => i.name === name) ? 'a model input' : 'another layer'}`,
        key !== undefined ? path : [...path, 'name'], 'give every layer and input its own name', 'key', name);
    }
    usedNames.add(name);
    const subject = `Layer '${name}'${type ? ` (${type})` : ''}`;

    // Wiring.
    let refs: string[] = [];
    let refPaths: Path[] = [];
    let wiringBroken = false;
    if (sequential) {
      for (const k of ['input', 'inputs'] as const) {
        if (k in config) {
          error('schema/unknown-key', `${subject}: in the list form each layer takes the previous layer's output`, [...path, k],
            'remove `' + k + '`, or write `layers:` as a mapping to wire layers by name', 'key', name);
          wiringBroken = true;
        }
      }
      if (previous !== undefined) {
        refs = [previous];
        refPaths = [previousPath ?? path];
      }
    } else if (config.input !== undefined && config.inputs !== undefined) {
      error('schema/invalid', `${subject}: give either \`input\` or \`inputs\`, not both`, [...path, 'inputs'],
        'write `input: a` for one input, `inputs: [a, b]` for several', 'key', name);
      wiringBroken = true;
    } else if (Array.isArray(config.input)) {
      error('schema/invalid-type', `${subject}: \`input\` takes one name`, [...path, 'input'], `for several inputs write \`inputs: [${config.input.map(String).join(', ')}]\``, 'value', name);
      wiringBroken = true;
      // Still wired as meant, so that the graph checks see the references (and no input looks unused).
      refs = config.input.filter((r): r is string => typeof r === 'string');
      refPaths = config.input.map((_, i) => [...path, 'input', i]);
    } else if (typeof config.inputs === 'string') {
      error('schema/invalid-type', `${subject}: \`inputs\` takes a list of names`, [...path, 'inputs'], `for one input write \`input: ${config.inputs}\``, 'value', name);
      wiringBroken = true;
      refs = [config.inputs];
      refPaths = [[...path, 'inputs']];
    } else if (typeof config.input === 'string') {
      refs = [config.input];
      refPaths = [[...path, 'input']];
    } else if (Array.isArray(config.inputs)) {
      refs = config.inputs.filter((r): r is string => typeof r === 'string');
      refPaths = config.inputs.map((_, i) => [...path, 'inputs', i]);
    } else if (config.input === undefined && config.inputs === undefined) {
      error('schema/missing-key', `${subject} has no input`, path,
        'add `input: <name>` naming a model input or another layer (`inputs: [a, b]` for several)', 'key', name);
      wiringBroken = true;
    }
    previous = name;
    previousPath = path;

    // Type and parameters.
    let def: AnyLayerDef | undefined;
    let params: Record<string, unknown> | undefined;
    let trainable = true;
    if (config.type === undefined) {
      error('schema/missing-key', `${label} has no \`type\``, path, 'add `type:` with a layer type such as Dense or Conv2D (see `layerspec layers`)', 'key', name);
    } else if (type === undefined) {
      error('schema/invalid-type', `${label}: \`type\` must be a layer type name, got ${JSON.stringify(config.type)}`, [...path, 'type'],
        'write the type as a name, e.g. `type: Dense` (see `layerspec layers`)', 'value', name);
    } else if (!(def = ctx.registry.get(type))) {
      const alias = TYPE_ALIASES[type];
      const guess = alias && ctx.registry.get(alias) ? alias : didYouMean(type, ctx.registry.types);
      const hint = type === 'Input' || type === 'InputLayer'
        ? 'model inputs are not layers here: declare them under `inputs:` (or `input:` in the list form)'
        : guess ? `did you mean ${guess}?${alias ? ` (${type} is another name for it in Keras)` : ` (if ${type} is a layer of your own, load it with --plugin FILE)`}` : 'run `layerspec layers` to list the registered types; a layer of your own is loaded with --plugin FILE on the command line';
      error('schema/unknown-layer-type', `${label}: unknown layer type '${type}'`, [...path, 'type'], hint, 'value', name);
    } else {
      let schema = schemas.get(def);
      if (!schema) schemas.set(def, (schema = layerSchema(def)));
      const parsed = schema.safeParse(config, { reportInput: true });
      if (parsed.success) {
        params = {};
        for (const [k, v] of Object.entries(parsed.data as Record<string, unknown>)) if (!COMMON_KEYS.has(k)) params[k] = v;
        trainable = (parsed.data as { trainable: boolean }).trainable;
      } else {
        const issues = parsed.error.issues.filter((i) => !['input', 'inputs', 'name'].includes(String(i.path[0])) || !wiringBroken);
        const unknownKeyHint = (k: string) => kerasInputKeyHint(k, config[k], sequential, inputs);
        pushAll(diagnostics, issuesToDiagnostics(issues, { file: ctx.file, locator: ctx.locator, basePath: path, subject, schema, layer: name, unknownKeyHint }, config));
      }
    }
    layers.push({ name, type: type ?? '?', def, params: wiringBroken ? undefined : params, trainable, inputs: refs, path, inputPaths: refPaths });
  }
  return layers;
}

/** Keras declares the model's input on its first layer (`input_shape=`, `input_dim=`); layerspec does not. */
const KERAS_INPUT_KEYS = new Set(['input_shape', 'input_dim', 'batch_input_shape', 'batch_shape']);

function kerasInputKeyHint(key: string, value: unknown, sequential: boolean, inputs: readonly ModelInput[]): string | undefined {
  if (!KERAS_INPUT_KEYS.has(key)) return undefined;
  const withBatch = key.startsWith('batch_');
  const where = sequential ? '`input:`' : '`inputs:`';
  if (inputs.length > 0) {
    return `remove \`${key}\`: the model's input is declared under ${where}, with the shape of one sample (the batch dimension is implicit)`;
  }
  let shape = Array.isArray(value) ? value : key === 'input_dim' && typeof value === 'number' ? [value] : undefined;
  if (shape && withBatch) shape = shape.slice(1);
  const shown = shape ? `[${shape.map((d) => (d === null ? 'null' : String(d))).join(', ')}]` : '[...]';
  const batch = withBatch ? ' (one sample\'s shape: the batch dimension is never written)' : '';
  return sequential
    ? `declare the model's input under \`input:\` instead: \`input: { shape: ${shown} }\`${batch}`
    : `declare the model's input under \`inputs:\` instead, e.g. \`inputs: { x: { shape: ${shown} } }\`${batch}, and read it with \`input: x\``;
}

function defaultModelName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? 'model';
  return base.replace(/\.(ya?ml)$/i, '') || 'model';
}
