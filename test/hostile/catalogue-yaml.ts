/** Hostile and careless YAML: broken syntax, bombs, deep nesting, huge files, encodings, tags, documents. */
import fs from 'node:fs';
import path from 'node:path';
import type { HostileCase } from './harness.js';
import { sparse, TINY } from './inputs.js';

const check = (name: string, file: string | Uint8Array | (() => string | Uint8Array), where: (string | RegExp)[], hint: RegExp, exit: 0 | 1 | 2 = 1): HostileCase => ({
  name,
  files: { 'm.yaml': file },
  args: ['check', 'm.yaml'],
  exit,
  where: ['m.yaml', ...where],
  hint,
});

const billionLaughs = ['a: &a [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 9 }, (_, k) => `${String.fromCharCode(98 + k)}: &${String.fromCharCode(98 + k)} [${Array(9).fill(`*${String.fromCharCode(97 + k)}`).join(', ')}]`)].join('\n');

export const yamlCases: HostileCase[] = [
  check('unclosed flow sequence', TINY.replace('shape: [4] }', 'shape: [4 }'), [/4:\d+/], /add the missing|close/i),
  check('unclosed flow mapping', TINY.replace('units: 1 }', 'units: 1'), [/6:\d+/], /add the missing|close/i),
  check('unclosed double quote', TINY.replace('name: tiny', 'name: "tiny'), [/2:7/, 'never closed'], /add the missing `"`/),
  check('unclosed single quote', TINY.replace('name: tiny', "name: 'tiny"), [/2:7/, 'never closed'], /add the missing `'`/),
  check('bad indentation', TINY.replace('  x: { shape: [4] }', '    x: { shape: [4] }\n  z: 1'), [/\d+:\d+/], /indent/i),
  check('tab indentation', TINY.replace('  x: { shape: [4] }', '\tx: { shape: [4] }'), [/4:1/], /spaces|tab/i),
  check('billion laughs alias bomb', `layerspec: 1\nname: bomb\n${billionLaughs}\n`, [/\d+:\d+/, 'yaml/alias-limit'], /write the repeated parts out/),
  check('alias to an undefined anchor', TINY.replace('shape: [4]', 'shape: *nowhere'), [/4:15/, '*nowhere'], /define `&nowhere`/),
  check('20 000 nested flow sequences', () => `layerspec: 1\nname: deep\ninputs: ${'['.repeat(20000)}${']'.repeat(20000)}\n`, ['yaml/syntax', /3:265\b/], /levels of nesting/),
  check('20 000 nested flow mappings', () => `layerspec: 1\nname: deep\ninputs: ${'{a: '.repeat(20000)}1${'}'.repeat(20000)}\n`, ['yaml/syntax', /3:1033\b/], /levels of nesting/),
  check('20 000 nested block sequences', () => `layerspec: 1\nname: deep\ninputs:\n  ${'- '.repeat(20000)}1\n`, ['yaml/syntax', /4:40003\b/], /levels of nesting/),
  check('nesting one level over the limit', () => `layerspec: 1\nname: deep\ninputs: ${'['.repeat(257)}${']'.repeat(257)}\n`, ['yaml/syntax', '257'], /levels of nesting/),
  check('a 9 MB file', () => `${TINY}${'# padding\n'.repeat(900_000)}`, ['file/too-large', /1:1/], /split the model|right file/),
  // train copies the bytes it analysed into --out: a file too large to read stops it before anything is written.
  { name: 'train with a 9 MB model file', setup: sparse('m.yaml', 9 * 2 ** 20), args: ['train', 'm.yaml', '--x', 'x.npy', '--y', 'y.npy', '--out', 'run'], exit: 1, where: ['file/too-large', /1:1/], hint: /split the model|right file/ },
  check('one 4 MB line', () => TINY.replace('name: tiny', `name: ${'a'.repeat(4_000_000)}`), [/2:\d+/], /name|at most|characters/i),
  check('Latin-1 bytes', Buffer.from(TINY.replace('name: tiny', 'name: caf\xe9'), 'latin1'), ['file/encoding', /1:1/], /save the file as UTF-8/),
  check('UTF-16 with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TINY, 'utf16le')]), ['file/encoding'], /save the file as UTF-8/),
  check('a lone surrogate encoded in UTF-8 (CESU)', Buffer.concat([Buffer.from(TINY.replace('name: tiny\n', 'name: ')), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('\n')]), ['file/encoding'], /save the file as UTF-8/),
  check('a NUL byte', TINY.replace('name: tiny', 'name: ti\0ny'), [/2:\d+/], /./),
  {
    name: 'UTF-8 BOM before a valid model',
    files: { 'm.yaml': `\ufeff${TINY}` },
    args: ['summary', 'm.yaml'],
    exit: 0,
    where: ['tiny'],
    hint: /Total params: 5\b/,
  },
  {
    name: 'CRLF line endings',
    files: { 'm.yaml': TINY.replace(/\n/g, '\r\n') },
    args: ['summary', 'm.yaml'],
    exit: 0,
    where: ['tiny'],
    hint: /Total params: 5\b/,
  },
  check('two documents', `${TINY}---\n${TINY}`, ['yaml/multiple-documents', /\d+:\d+/], /one model per file|one document|remove/i),
  check('a document end marker and junk', `${TINY}...\nrm -rf /\n`, [/\d+:\d+/], /./),
  check('python object tag', TINY.replace('name: tiny', 'name: !!python/object/apply:os.system ["rm -rf /"]'), ['yaml/tag', /2:7/], /remove the `!`-tag/),
  check('python name tag', TINY.replace('loss: mse', 'loss: !!python/name:keras.losses.mse'), ['yaml/tag', /10:9/], /remove the `!`-tag/),
  check('a local include tag', TINY.replace('  y: { type: Dense, input: x, units: 1 }', '  y: !include other.yaml'), ['yaml/tag', /6:6/], /remove the `!`-tag/),
  check('a binary tag', TINY.replace('name: tiny', 'name: !!binary aGVsbG8='), ['yaml/tag', /2:7/], /remove the `!`-tag/),
  check('a tag on a key', TINY.replace('name: tiny', '!!str name: tiny'), ['yaml/tag', /2:1/], /remove the `!`-tag/),
  check('a merge key', TINY.replace('  y: { type: Dense, input: x, units: 1 }', '  base: &base { type: Dense, input: x, units: 1 }\n  y: { <<: *base }'), ['yaml/merge-key', /7:\d+/], /write the keys out|merge/i),
  {
    name: 'anchors and aliases used plainly',
    files: { 'm.yaml': TINY.replace('  x: { shape: [4] }', '  x: { shape: &four [4] }').replace('units: 1', 'units: 1, kernel_size_unused_: *four') },
    args: ['check', 'm.yaml'],
    exit: 1,
    where: ['m.yaml', /6:\d+/, 'schema/unknown-key'],
    hint: /known keys|did you mean/,
  },
  check('an empty file', '', ['schema/', /1:1/], /layerspec: 1|add/i),
  check('only comments', '# nothing here\n# at all\n', [/1:1/], /layerspec: 1|add/i),
  check('only a document marker', '---\n', [/1:4/], /layerspec: 1|add/i),
  check('a list at the top', '- layerspec: 1\n- name: x\n', ['schema/invalid-type', /1:1/], /mapping|must be an object/i),
  check('a scalar at the top', 'just some text\n', ['schema/invalid-type', /1:1/], /mapping|must be an object/i),
  check('a duplicate key', TINY.replace('name: tiny', 'name: tiny\nname: again'), ['yaml/duplicate-key', /3:1/], /remove|rename|once/i),
  check('a YAML 1.1 directive with yes/no booleans', `%YAML 1.1\n---\n${TINY.replace('units: 1', 'units: 1, use_bias: no')}`, [/8:\d+/], /write false|true or false/),
  check('an unknown directive', `%FOO bar\n---\n${TINY}`, [/1:1/], /./),
  check('a 100 000-character key', () => TINY.replace('name: tiny', `${'k'.repeat(100_000)}: 1\nname: tiny`), ['yaml/syntax', /2:1/], /check this line/),
  check('a control character in a key', TINY.replace('name: tiny', 'na\u0007me: tiny'), [/2:\d+/], /./),
  check('a number that overflows to infinity', TINY.replace('units: 1', 'units: 1e999'), ['schema/', /6:\d+/], /must be|at most|finite/i),
  check('a flow key with no value and a stray colon', TINY.replace('units: 1', 'units:: 1'), [/6:\d+/], /./),
  check('a complex mapping key', TINY.replace('name: tiny', '? [a, b]\n: 1\nname: tiny'), ['yaml/non-string-key', /2:\d+/], /plain|string/i),
  // More problems than a call takes arguments (about 125 000 here): push(...all) and Math.max(...all) overflowed.
  check('150 000 unknown top-level keys', () => `${TINY}${Array.from({ length: 150_000 }, (_, k) => `k${k}: 1`).join('\n')}\n`, ['schema/unknown-key', /14:1/, '150000 problems'], /known keys|did you mean/),
  {
    ...check('150 000 unknown keys in JUnit', () => `${TINY}${Array.from({ length: 150_000 }, (_, k) => `k${k}: 1`).join('\n')}\n`, ['<testsuites', 'unknown key `k0`'], /unknown key `k149999`/),
    args: ['check', 'm.yaml', '--format', 'junit'],
  },
  check('a key that clears the screen', TINY.replace('units: 1 }', 'units: 1, "\\e[2J\\e[31mred": 1 }'), ['schema/unknown-key', /6:\d+/, '`\\u001b[2J\\u001b[31mred`'], /known keys/),
  check('a key with a newline forging a diagnostic line', TINY.replace('units: 1 }', 'units: 1, "x\\n  1:1  error  forged  schema/ok": 1 }'), ['schema/unknown-key', '`x\\u000a  1:1  error  forged'], /known keys/),
  check('a layer name with a right-to-left override', TINY.replace('  y: { type: Dense', '  "y\\u202Eevil": { type: Dense, input: x, units: 1 }\n  y: { type: Dense'), [/6:3/, 'y\\u202eevil'], /a name starts with a letter/),
  {
    ...check('github format: a key with escapes and a newline', TINY.replace('units: 1 }', 'units: 1, "\\e[2J\\n::error::forged": 1 }'), ['::error file=m.yaml', '\\u001b[2J%0A::error::forged'], /known keys/),
    args: ['check', 'm.yaml', '--format', 'github'],
  },
  {
    name: 'a model file that is a directory',
    setup: (dir) => fs.mkdirSync(path.join(dir, 'm.yaml')),
    args: ['check', 'm.yaml'],
    exit: 2,
    where: ['m.yaml'],
    hint: /name a \.yaml file|directory/,
  },
];
