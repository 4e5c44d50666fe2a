import { dimsCompatible, product, type Dim } from '../../shape/shape.js';
import type { Span } from '../ast.js';
import type { BoundArgs } from './arguments.js';
import { axisOf, fail, notBatch, show, type TensorValue } from './values.js';

/**
 * Shape rules of the functions that rearrange axes: reshape, transpose, expand_dims, squeeze,
 * flatten, concat/concatenate, stack, tile, reverse. The batch axis stays first in all of them.
 */
type At = { span: Span };

const tensor = (t: TensorValue, shape: Dim[], dtype = t.dtype): TensorValue => ({ kind: 'tensor', shape, dtype, batched: t.batched });

export function reshapeShape(a: BoundArgs, at: At): TensorValue {
  const x = a.tensor('x');
  const target = a.ints('shape');
  const where = { span: a.span('shape') };
  if (target === null) return fail('expr/invalid-argument', "reshape() needs a shape, e.g. reshape(x, [-1, 4, 2])", where);
  if (!x.batched) {
    const known = target.map((d) => (d === null ? -1 : d));
    return tensor(x, resolveReshape(x.shape, known, where));
  }
  if (target.length === 0 || (target[0] !== -1 && target[0] !== null)) {
    fail('shape/batch-axis', `reshape's shape [${target.map((d) => (d === null ? 'None' : d)).join(', ')}] must start with -1 or None, the batch axis`, where,
      `the shape includes the batch axis here (unlike the Reshape layer's target_shape): write [-1, ${target.map((d) => (d === null ? 'None' : d)).join(', ')}]`);
  }
  const rest = target.slice(1);
  if (rest.includes(null)) fail('expr/invalid-argument', 'only the first entry of reshape\'s shape (the batch axis) may be None', where);
  if (target[0] === -1 && rest.includes(-1)) {
    fail('expr/invalid-argument', 'reshape\'s shape has -1 for the batch axis and another -1', where, 'write None for the batch axis to let another entry be -1: [None, -1]');
  }
  if (x.shape.slice(1).includes(null)) {
    fail('shape/unknown-dim', `reshape of ${show(x.shape)}: an axis other than the batch has an unknown size, so the sizes cannot be checked`, at);
  }
  const dims = resolveReshape(x.shape.slice(1), rest as number[], where);
  return tensor(x, [x.shape[0], ...dims]);
}

/** Checks the element count and resolves one -1, for fully known sizes. */
function resolveReshape(from: readonly Dim[], to: number[], where: At): Dim[] {
  const wild = to.filter((d) => d === -1).length;
  if (wild > 1) fail('expr/invalid-argument', 'reshape\'s shape can have only one -1', where);
  if (to.some((d) => d < -1 || d === 0)) fail('expr/invalid-argument', `reshape's sizes must be positive (or -1 once), got [${to.join(', ')}]`, where);
  const total = product(from);
  const known = to.filter((d) => d !== -1).reduce((p, d) => p * d, 1);
  if (total === null) {
    if (wild === 0) return [...to];
    return to.map((d) => (d === -1 ? null : d));
  }
  if (wild === 1) {
    if (total % known !== 0) fail('shape/mismatch', `cannot reshape ${show(from)} (${total} values per sample) into [${to.join(', ')}]: ${total} is not a multiple of ${known}`, where,
      `the sizes must multiply to ${total}`);
    return to.map((d) => (d === -1 ? total / known : d));
  }
  if (known !== total) {
    fail('shape/mismatch', `cannot reshape ${show(from)} (${total} values per sample) into [${to.join(', ')}] (${known} values)`, where,
      `the sizes must multiply to ${total} (or leave one to -1 to have it computed)`);
  }
  return [...to];
}

export function transposeShape(a: BoundArgs): TensorValue {
  const x = a.tensor('x');
  const where = { span: a.span('axes') };
  const rank = x.shape.length;
  const given = a.ints('axes');
  const axes = given === null ? x.shape.map((_, i) => rank - 1 - i) : given.map((d) => {
    if (d === null) return fail('expr/invalid-argument', 'transpose\'s axes must be integers', where);
    return axisOf(d, rank, where);
  });
  if (axes.length !== rank || new Set(axes).size !== rank) {
    fail('expr/invalid-argument', `transpose's axes must name each of the ${rank} axes of ${show(x.shape)} once, got [${(given ?? []).join(', ')}]`, where);
  }
  if (x.batched && axes[0] !== 0) {
    fail('shape/batch-axis', `transpose would move the batch axis of ${show(x.shape)} away from the first position`, where,
      given === null ? `axes=None reverses every axis; write axes=[0, ${x.shape.map((_, i) => rank - 1 - i).slice(0, -1).join(', ')}] to reverse the others` : 'start axes with 0');
  }
  return tensor(x, axes.map((i) => x.shape[i]));
}

export function expandDimsShape(a: BoundArgs): TensorValue {
  const x = a.tensor('x');
  const where = { span: a.span('axis') };
  const axis = axisOf(a.int('axis'), x.shape.length + 1, where);
  if (x.batched && axis === 0) fail('shape/batch-axis', 'expand_dims at axis 0 would move the batch axis away from the first position', where, 'use axis=1 or a negative axis');
  const shape = [...x.shape];
  shape.splice(axis, 0, 1);
  return tensor(x, shape);
}

export function squeezeShape(a: BoundArgs): TensorValue {
  const x = a.tensor('x');
  const where = { span: a.span('axis') };
  const given = a.intOrInts('axis');
  let axes: number[];
  if (given === null) {
    axes = x.shape.map((d, i) => (d === 1 && !(x.batched && i === 0) ? i : -1)).filter((i) => i >= 0);
  } else {
    axes = (typeof given === 'number' ? [given] : given).map((d) => axisOf(d ?? NaN, x.shape.length, where));
    for (const i of axes) {
      notBatch(x, i, where, 'squeeze');
      if (x.shape[i] !== 1) fail('shape/incompatible', `squeeze: axis ${i} of ${show(x.shape)} has size ${x.shape[i] === null ? 'None' : x.shape[i]}, not 1`, where);
    }
  }
  return tensor(x, x.shape.filter((_, i) => !axes.includes(i)));
}

export function flattenShape(a: BoundArgs, at: At): TensorValue {
  const x = a.tensor('x');
  if (!x.batched) return tensor(x, [product(x.shape)]);
  if (x.shape.length < 2) fail('shape/rank', `flatten needs a tensor with axes besides the batch, got ${show(x.shape)}`, at);
  return tensor(x, [x.shape[0], product(x.shape.slice(1))]);
}

export function concatShape(a: BoundArgs, name: string, at: At): TensorValue {
  const items = a.tensors('tensors');
  const where = { span: a.span('axis') };
  const first = items[0].t;
  const rank = first.shape.length;
  if (rank === 0) fail('shape/rank', `${name} cannot join scalars; use stack`, items[0].span);
  const axis = axisOf(a.int('axis'), rank, where);
  const batched = items.some((i) => i.t.batched);
  if (batched && axis === 0) fail('shape/batch-axis', `${name} along axis 0 would join batches, not features`, where, 'use axis=-1 (the default) or another axis after the batch');
  const shape = [...first.shape];
  for (const item of items.slice(1)) {
    const s = item.t.shape;
    if (s.length !== rank) fail('shape/rank', `${name}: all tensors need the same rank, got ${items.map((i) => show(i.t.shape)).join(', ')}`, item.span);
    for (let i = 0; i < rank; i++) {
      if (i === axis) shape[i] = shape[i] === null || s[i] === null ? null : (shape[i] as number) + (s[i] as number);
      else if (!dimsCompatible(shape[i], s[i])) {
        fail('shape/mismatch', `${name} along axis ${axis}: shapes ${items.map((j) => show(j.t.shape)).join(', ')} differ on axis ${i}`, item.span, 'all sizes except along the joined axis must be equal');
      } else if (shape[i] === null) shape[i] = s[i];
    }
  }
  for (const item of items) {
    if (batched && !item.t.batched) fail('shape/batch-axis', `${name}: ${show(item.t.shape)} has no batch axis but is joined with batched tensors`, item.span);
  }
  return { kind: 'tensor', shape, dtype: items.some((i) => i.t.dtype === 'float32') ? 'float32' : first.dtype, batched };
}

export function stackShape(a: BoundArgs): TensorValue {
  const items = a.tensors('tensors');
  const where = { span: a.span('axis') };
  const first = items[0].t;
  const batched = items.some((i) => i.t.batched);
  const axis = axisOf(a.int('axis'), first.shape.length + 1, where);
  if (batched && axis === 0) fail('shape/batch-axis', 'stack along axis 0 (the default) would put the new axis before the batch axis', where, 'pass axis=1 (or axis=-1 to stack last)');
  const shape = [...first.shape];
  for (const item of items.slice(1)) {
    const s = item.t.shape;
    if (s.length !== shape.length || s.some((d, i) => !dimsCompatible(d, shape[i]))) {
      fail('shape/mismatch', `stack needs tensors of equal shape, got ${items.map((i) => show(i.t.shape)).join(', ')}`, item.span);
    }
    s.forEach((d, i) => { if (shape[i] === null) shape[i] = d; });
    if (batched && !item.t.batched) fail('shape/batch-axis', `stack: ${show(s)} has no batch axis but is stacked with batched tensors`, item.span);
  }
  if (batched && !first.batched) fail('shape/batch-axis', `stack: ${show(first.shape)} has no batch axis but is stacked with batched tensors`, items[0].span);
  shape.splice(axis, 0, items.length);
  return { kind: 'tensor', shape, dtype: items.some((i) => i.t.dtype === 'float32') ? 'float32' : first.dtype, batched };
}

export function tileShape(a: BoundArgs): TensorValue {
  const x = a.tensor('x');
  const where = { span: a.span('reps') };
  const reps = a.ints('reps');
  if (reps === null || reps.length !== x.shape.length || reps.some((r) => r === null || r < 1)) {
    fail('expr/invalid-argument', `tile's reps must have one positive integer per axis of ${show(x.shape)} (${x.shape.length})`, where, x.batched ? 'use 1 for the batch axis' : undefined);
  }
  if (x.batched && reps[0] !== 1) fail('shape/batch-axis', 'tile would repeat the batch axis; its reps entry must be 1', where);
  return tensor(x, x.shape.map((d, i) => (d === null ? null : d * (reps[i] as number))));
}

export function reverseShape(a: BoundArgs): TensorValue {
  const x = a.tensor('x');
  const where = { span: a.span('axis') };
  const given = a.intOrInts('axis');
  const axes = given === null ? [] : typeof given === 'number' ? [given] : given;
  if (axes.length === 0) fail('expr/invalid-argument', 'reverse needs the axis or axes to reverse', where);
  for (const d of axes) notBatch(x, axisOf(d ?? NaN, x.shape.length, where), where, 'reverse', 'reversing the batch axis would reorder the samples');
  return x;
}
