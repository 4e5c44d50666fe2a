/**
 * Every diagnostic code layerspec emits, with a one-line description (SARIF rules, docs).
 * Codes are stable: add new ones, never rename.
 */
export const DIAGNOSTIC_CODES = {
  'file/too-large': 'The model file exceeds the size limit and was not parsed.',
  'file/encoding': 'The model file is not valid UTF-8 text.',
  'yaml/syntax': 'The file is not valid YAML.',
  'yaml/duplicate-key': 'A mapping has the same key twice.',
  'yaml/tag': 'A YAML tag (`!!python/object`, `!foo`, ...) was used; tags are never resolved.',
  'yaml/alias-limit': 'Aliases expand too much (an alias bomb).',
  'yaml/merge-key': 'A YAML merge key (`<<`) was used; merge keys are not supported.',
  'yaml/reserved-name': 'A key is `__proto__`, `constructor` or `prototype`.',
  'yaml/multiple-documents': 'The file holds more than one YAML document.',
  'yaml/non-string-key': 'A mapping key is not a plain string.',
  'schema/invalid-type': 'A value has the wrong type.',
  'schema/invalid-value': 'A value is not one of the allowed values.',
  'schema/out-of-range': 'A number or list is out of its allowed range.',
  'schema/unknown-key': 'A key is not a parameter of this object.',
  'schema/missing-key': 'A required key is missing.',
  'schema/version': 'The `layerspec:` format version is missing or unsupported.',
  'schema/unknown-layer-type': 'A layer `type` is not registered.',
  'schema/invalid': 'A value does not satisfy the schema.',
  'graph/undefined-reference': 'A layer refers to an input or layer that does not exist.',
  'graph/cycle': 'Layers depend on each other in a cycle.',
  'graph/undefined-output': 'An output names a layer or input that does not exist.',
  'graph/arity': 'A layer is given more or fewer inputs than it takes.',
  'graph/unused-layer': 'A layer does not contribute to any output.',
  'graph/unused-input': 'A model input is not used by any layer.',
  'graph/duplicate-name': 'Two layers or inputs have the same name.',
  'graph/no-layers': 'The model has no layers.',
  'shape/rank': 'An input has the wrong number of dimensions for the layer.',
  'shape/mismatch': 'Input shapes do not fit together.',
  'shape/incompatible': 'The layer cannot take an input of this shape.',
  'shape/unknown-dim': 'A dimension needed to create weights is unknown (None).',
  'shape/non-positive': 'An output dimension would be zero or negative.',
  'layer/not-implemented': 'The layer type is registered but cannot be checked yet.',
} as const satisfies Record<string, string>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
