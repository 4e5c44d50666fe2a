import type { z } from 'zod';
import type { NestedLayer, ShapeContext } from '../layers/define.js';
import type { Registry } from '../layers/registry.js';
import { didYouMean } from '../spec/names.js';
import { layerSchema } from '../spec/schema.js';
import { ShapeError } from './shape-error.js';

/** A nested layer config failed its schema; the engine reports the issues under `param`. */
export class NestedLayerError extends ShapeError {
  constructor(
    readonly issues: readonly z.core.$ZodIssue[],
    readonly schema: z.ZodObject,
    readonly data: unknown,
    param: string,
  ) {
    super('the wrapped layer is invalid', { code: 'schema/invalid', param });
  }
}

/** The ShapeContext the engine gives to wrapper layers (Bidirectional, TimeDistributed). */
export function nestedLayerContext(registry: Registry): ShapeContext {
  return {
    nested(config: unknown, param: string): NestedLayer {
      if (config === null || typeof config !== 'object' || Array.isArray(config)) {
        throw new ShapeError(`\`${param}\` must be a layer mapping such as { type: LSTM, units: 32 }`, { code: 'schema/invalid-type', param });
      }
      const raw = config as Record<string, unknown>;
      const type = raw.type;
      if (typeof type !== 'string') {
        throw new ShapeError(`\`${param}\` needs a \`type\``, { code: 'schema/missing-key', param, hint: 'add e.g. `type: LSTM`' });
      }
      const def = registry.get(type);
      if (!def) {
        const guess = didYouMean(type, registry.types);
        throw new ShapeError(`unknown layer type '${type}' in \`${param}\``, {
          code: 'schema/unknown-layer-type',
          param: [param, 'type'],
          hint: guess ? `did you mean ${guess}?` : 'run `layerspec layers` to list the registered types',
        });
      }
      for (const key of ['input', 'inputs', 'name'] as const) {
        if (key in raw) {
          throw new ShapeError(`the wrapped layer takes no \`${key}\`; the wrapper feeds it`, { code: 'schema/unknown-key', param: [param, key] });
        }
      }
      const schema = layerSchema(def);
      const parsed = schema.safeParse(raw, { reportInput: true });
      if (!parsed.success) throw new NestedLayerError(parsed.error.issues, schema, raw, param);
      const { type: _type, trainable: _trainable, ...params } = parsed.data as Record<string, unknown>;
      const ctx = this;
      return {
        type,
        def,
        params,
        inferShape: (inputs) => def.inferShape(inputs, params, ctx),
        weights: (inputs) => (def.weights ? def.weights(inputs, params, ctx) : []),
      };
    },
  };
}
