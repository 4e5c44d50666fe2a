import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { arityOf } from '../layers/define.js';
import type { Locator, Path } from '../spec/locate.js';
import type { LayerNode, ModelSpec } from '../spec/model.js';
import { didYouMean } from '../spec/names.js';

export interface GraphResult {
  /** Layers in an order where every layer comes after its inputs; layers on or after a cycle are left out. */
  order: LayerNode[];
  /** Layers whose wiring is wrong (already diagnosed); shape inference skips them and their consumers. */
  broken: Set<string>;
  diagnostics: Diagnostic[];
}

/** Broken references and outputs that get a did-you-mean (the rest list the known names). */
const MAX_SUGGESTIONS = 100;

/**
 * Checks the wiring of a model: references, arity, cycles, outputs and unused layers. Linear in
 * the number of layers and references (a 20 000-layer chain is checked in milliseconds).
 */
export function checkGraph(spec: ModelSpec, locator: Locator | undefined): GraphResult {
  const diagnostics: Diagnostic[] = [];
  const broken = new Set<string>();
  const report = (code: string, severity: Diagnostic['severity'], message: string, path: Path, hint?: string, layer?: string, target: 'key' | 'value' = 'value') =>
    diagnostics.push({ code, severity, message, file: spec.file, range: locator?.locate(path, target), hint, layer });

  const layerByName = new Map<string, LayerNode>();
  for (const layer of spec.layers) if (!layerByName.has(layer.name)) layerByName.set(layer.name, layer);
  const inputNames = new Set(spec.inputs.map((i) => i.name));
  let names: string[] | undefined;
  const allNames = () => (names ??= [...inputNames, ...layerByName.keys()]);
  // Each did-you-mean compares against every name: the first few broken references get one, so
  // that a file of 100 000 of them stays linear.
  let suggestions = 0;
  const suggest = (word: string) => (suggestions++ < MAX_SUGGESTIONS ? didYouMean(word, allNames()) : undefined);

  const referenced = new Set(spec.layers.flatMap((l) => l.inputs.filter((r) => r !== l.name)));
  // Once a reference is wrong, which layers are unused is a guess: those warnings wait for the fix.
  let wiringKnown = true;
  spec.layers.forEach((layer, index) => {
    const subject = `Layer '${layer.name}' (${layer.type})`;
    if (layer.inputs.length === 0) wiringKnown = false;
    layer.inputs.forEach((ref, i) => {
      if (ref === layer.name && (spec.form === 'sequential' || inputNames.has(ref))) {
        // Its name is used twice (already reported): the reference means the other one.
        broken.add(layer.name);
      } else if (ref === layer.name) {
        const before = spec.layers[index - 1];
        const hint = before && !referenced.has(before.name)
          ? `did you mean '${before.name}', the layer before it, which nothing reads yet?`
          : 'a layer cannot feed itself; name the layer or input it should read';
        report('graph/cycle', 'error', `${subject} takes its own output as its input`, layer.inputPaths[i], hint, layer.name);
        broken.add(layer.name);
        wiringKnown = false;
      } else if (!layerByName.has(ref) && !inputNames.has(ref)) {
        const guess = suggest(ref);
        report('graph/undefined-reference', 'error', `${subject} refers to '${ref}', which is neither a model input nor a layer`,
          layer.inputPaths[i], guess ? `did you mean '${guess}'?` : `known names: ${allNames().slice(0, 12).join(', ')}`, layer.name);
        broken.add(layer.name);
        wiringKnown = false;
      }
    });
    if (layer.def && layer.params) {
      const { min, max } = arityOf(layer.def);
      const n = layer.inputs.length;
      if (n < min || n > max) {
        const takes = min === max ? (min === 1 ? 'one input' : `exactly ${min} inputs`) : max === Number.POSITIVE_INFINITY ? `at least ${min} inputs` : `${min} to ${max} inputs`;
        const hint = spec.form === 'sequential' && min > 1
          ? 'layers with several inputs need the mapping form of `layers:`, where `inputs: [a, b]` names them'
          : n > max && max === 1
            ? 'merge the inputs first (Concatenate, Add, ...) or give one `input:`'
            : n > 0 && n < min
              ? `add the other input${min - n > 1 ? 's' : ''}: \`inputs: [${[...layer.inputs, '...'].join(', ')}]\``
              : `list them: \`inputs: [${Array.from({ length: Math.max(min, 2) }, (_, k) => String.fromCharCode(97 + k)).join(', ')}]\``;
        // In the list form the input is implicit: point at the layer's type, as shape errors do.
        const listed = layer.inputPaths.length > 1 || layer.inputPaths[0]?.[layer.path.length] === 'inputs';
        const at = spec.form === 'sequential' ? [...layer.path, 'type'] : listed ? [...layer.path, 'inputs'] : layer.inputPaths[0] ?? layer.path;
        report('graph/arity', 'error', `${subject} takes ${takes}, but is given ${n}`, at, hint, layer.name, spec.form === 'sequential' ? 'value' : 'key');
        broken.add(layer.name);
      }
    }
  });

  const order = topologicalOrder(spec, layerByName, diagnostics, locator);
  const ordered = new Set(order.map((l) => l.name));
  for (const layer of spec.layers) if (!ordered.has(layer.name)) broken.add(layer.name);

  let outputsValid = true;
  const seenOutputs = new Set<string>();
  spec.outputs.forEach((name, i) => {
    // tfjs refuses a model whose outputs repeat (and an .npz would hold the key twice).
    if (seenOutputs.has(name)) {
      report('graph/duplicate-output', 'error', `output '${name}' is listed more than once`, spec.outputPaths[i], `list each output once: remove this '${name}'`);
      outputsValid = false;
      return;
    }
    seenOutputs.add(name);
    if (!layerByName.has(name) && !inputNames.has(name)) {
      const guess = suggest(name);
      const last = spec.layers[spec.layers.length - 1];
      report('graph/undefined-output', 'error', `output '${name}' is not a layer of this model`, spec.outputPaths[i],
        guess ? `did you mean '${guess}'?` : `name a layer defined under \`layers:\`${last ? ` (the last one is '${last.name}')` : ''}`);
      outputsValid = false;
    }
  });
  if (outputsValid && wiringKnown && spec.outputs.length > 0) reportUnused(spec, layerByName, report);
  return { order, broken, diagnostics };
}

/** Kahn's algorithm; every cycle left over is reported once, at the reference that closes it. */
function topologicalOrder(spec: ModelSpec, layerByName: Map<string, LayerNode>, diagnostics: Diagnostic[], locator: Locator | undefined): LayerNode[] {
  const pending = new Map<string, number>();
  const consumers = new Map<string, LayerNode[]>();
  for (const layer of layerByName.values()) {
    let count = 0;
    for (const ref of layer.inputs) {
      if (ref === layer.name || !layerByName.has(ref)) continue;
      count++;
      const list = consumers.get(ref);
      if (list) list.push(layer);
      else consumers.set(ref, [layer]);
    }
    pending.set(layer.name, count);
  }
  const queue: LayerNode[] = [...layerByName.values()].filter((l) => pending.get(l.name) === 0);
  const order: LayerNode[] = [];
  for (let head = 0; head < queue.length; head++) {
    const layer = queue[head];
    order.push(layer);
    for (const consumer of consumers.get(layer.name) ?? []) {
      const left = (pending.get(consumer.name) ?? 0) - 1;
      pending.set(consumer.name, left);
      if (left === 0) queue.push(consumer);
    }
  }
  if (order.length === layerByName.size) return order;

  // Every layer left has a predecessor that is also left: walking predecessors must loop.
  const left = new Set([...layerByName.keys()].filter((n) => (pending.get(n) ?? 0) > 0));
  const onReportedCycle = new Set<string>();
  for (const start of left) {
    if (onReportedCycle.has(start)) continue;
    const seenAt = new Map<string, number>();
    const walk: string[] = [];
    let current = start;
    while (!seenAt.has(current) && !onReportedCycle.has(current)) {
      seenAt.set(current, walk.length);
      walk.push(current);
      const node = layerByName.get(current)!;
      current = node.inputs.find((r) => r !== current && left.has(r))!;
    }
    if (onReportedCycle.has(current)) continue;
    const cycle = walk.slice(seenAt.get(current)).reverse(); // in data-flow order
    for (const n of cycle) onReportedCycle.add(n);
    const first = layerByName.get(cycle[0])!;
    const closing = cycle[cycle.length - 1];
    const refIndex = first.inputs.indexOf(closing);
    diagnostics.push({
      code: 'graph/cycle',
      severity: 'error',
      file: spec.file,
      layer: first.name,
      message: `layers form a cycle: ${[...cycle, cycle[0]].join(' -> ')}`,
      hint: 'a model is a directed acyclic graph; one of these references must name an earlier layer or a model input',
      range: locator?.locate(first.inputPaths[refIndex] ?? first.path, 'value'),
    });
  }
  return order;
}

function reportUnused(
  spec: ModelSpec,
  layerByName: Map<string, LayerNode>,
  report: (code: string, severity: Diagnostic['severity'], message: string, path: Path, hint?: string, layer?: string, target?: 'key' | 'value') => void,
): void {
  const reached = new Set<string>();
  const stack = [...spec.outputs];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (reached.has(name)) continue;
    reached.add(name);
    for (const ref of layerByName.get(name)?.inputs ?? []) stack.push(ref);
  }
  for (const layer of spec.layers) {
    if (!reached.has(layer.name)) {
      report('graph/unused-layer', 'warning', `Layer '${layer.name}' (${layer.type}) does not contribute to any output`, layer.path,
        'add it to `outputs:` or remove it', layer.name, 'key');
    }
  }
  for (const input of spec.inputs) {
    if (!reached.has(input.name)) {
      report('graph/unused-input', 'warning', `input '${input.name}' is not used by any output`, input.path,
        'remove it, or feed it to a layer', undefined, 'key');
    }
  }
}
