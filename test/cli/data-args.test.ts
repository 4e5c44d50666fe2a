import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bindDataArgs } from '../../src/cli/data-args.js';
import { UsageError } from '../../src/cli/io.js';

const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-args-'));
const bind = (args: string[], names: string[]) => bindDataArgs(args, names, '--input', cwd);
const usage = (run: () => unknown) => {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return e as UsageError;
  }
  throw new Error('expected a UsageError');
};

describe('--input [NAME=]PATH binding', () => {
  it('binds an unnamed .npy to the only input, named ones by name', () => {
    expect(bind(['x.npy'], ['image'])).toEqual({ kind: 'npy', files: new Map([['image', 'x.npy']]) });
    expect(bind(['b=2.npy', 'a=1.npy'], ['a', 'b'])).toEqual({ kind: 'npy', files: new Map([['b', '2.npy'], ['a', '1.npy']]) });
  });

  it('takes one .npz for any number of inputs', () => {
    expect(bind(['data.npz'], ['a', 'b'])).toEqual({ kind: 'npz', file: 'data.npz' });
  });

  it('keeps a path containing = when it exists and its prefix is no input name', () => {
    fs.writeFileSync(path.join(cwd, 'run=3.npy'), '');
    expect(bind(['run=3.npy'], ['x'])).toEqual({ kind: 'npy', files: new Map([['x', 'run=3.npy']]) });
  });

  it('refuses what cannot be bound, saying what to write instead', () => {
    expect(usage(() => bind(['x.npy'], ['a', 'b'])).message).toBe("--input x.npy: the model has 2 inputs ('a', 'b'), so say which this file feeds");
    const unknown = usage(() => bind(['imgae=x.npy'], ['image']));
    expect(unknown.message).toContain("no input 'imgae' (did you mean 'image'?)");
    expect(usage(() => bind(['a=1.npy'], ['a', 'b'])).hint).toBe('add --input b=PATH');
    expect(usage(() => bind(['a=1.npy', 'a=2.npy'], ['a'])).message).toContain("input 'a' is given twice");
    expect(usage(() => bind(['x.csv'], ['a'])).message).toContain('reads NumPy .npy and .npz');
    expect(usage(() => bind(['a=d.npz'], ['a'])).message).toContain('takes no NAME=');
    expect(usage(() => bind(['d.npz', 'x.npy'], ['a', 'b'])).message).toContain('one .npz');
    expect(usage(() => bind(['a='], ['a'])).message).toBe('a= names no file');
  });
});
