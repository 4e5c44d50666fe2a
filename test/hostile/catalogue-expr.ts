/**
 * Lambda expressions written to escape the expression language (Python and JavaScript injection,
 * prototype pollution) or to exhaust it (length, nesting, huge numbers). Each must be refused as a
 * diagnostic at the Lambda's line, before anything could run it.
 */
import type { HostileCase } from './harness.js';
import { tinyData } from './inputs.js';

/** A one-Lambda model over x (4, 2); the expression is on line 6, as a YAML double-quoted string. */
const lambdaModel = (expr: string, extra = '') =>
  `layerspec: 1\nname: e\ninputs:\n  x: { shape: [4, 2] }\nlayers:\n  l: { type: Lambda, input: x, expr: ${JSON.stringify(expr)}${extra} }\noutputs: [l]\n`;

const refused = (name: string, expr: string | (() => string), code: string, says: string | RegExp, hint: RegExp, extra = ''): HostileCase => ({
  name,
  files: { 'm.yaml': () => lambdaModel(typeof expr === 'function' ? expr() : expr, extra) },
  args: ['check', 'm.yaml'],
  exit: 1,
  where: ['m.yaml', /\b6:\d+/, ...(code.startsWith('expr/') ? ["Layer 'l' (Lambda)"] : []), code, says],
  hint,
});

const LANGUAGE = /one arithmetic expression over the inputs/;
const FUNCTIONS = /available functions: abs, exp/;
const ATTRIBUTES = /only the listed functions can be called/;
const STRINGS = /pass values through `arguments:`/;
const SPLIT = /split it into several Lambda layers/;

export const exprCases: HostileCase[] = [
  // Python
  refused('__import__ os.system', "__import__('os').system('rm -rf /')", 'expr/syntax', 'strings are not part', STRINGS),
  refused('__import__ without strings', '__import__(os)', 'expr/unknown-function', "'__import__'", FUNCTIONS),
  refused('eval', 'eval(x)', 'expr/unknown-function', "'eval'", FUNCTIONS),
  refused('exec', 'exec(x)', 'expr/unknown-function', "'exec'", FUNCTIONS),
  refused('open a file', "open('/etc/passwd')", 'expr/syntax', 'strings are not part', STRINGS),
  refused('getattr', 'getattr(x, __class__)', 'expr/unknown-function', "'getattr'", FUNCTIONS),
  refused('globals', 'globals()', 'expr/unknown-function', "'globals'", FUNCTIONS),
  refused('dunder class chain', 'x.__class__.__bases__[0].__subclasses__()', 'expr/syntax', "attribute access ('.__class__')", ATTRIBUTES),
  refused('lambda that imports', "lambda x: __import__('os')", 'expr/syntax', 'strings are not part', STRINGS),
  refused('lambda with a default argument', 'lambda x, y=__import__: x', 'expr/syntax', "'=' is not allowed here", /use '==' to compare/),
  refused('nested lambda', 'lambda x: (lambda y: y)(x)', 'expr/syntax', "'lambda' may only start the expression", LANGUAGE),
  refused('import statement', 'import os', 'expr/syntax', "Python's 'import'", LANGUAGE),
  refused('two statements', 'x; import os', 'expr/syntax', "';' is not allowed", LANGUAGE),
  refused('a newline and a statement', 'x\nimport os', 'expr/syntax', /\S/, LANGUAGE),
  refused('walrus', '(y := x)', 'expr/syntax', /unexpected ':'/, /not closed|one arithmetic/),
  refused('conditional expression', 'x if x else x', 'expr/syntax', "Python's 'if'", /use where\(condition, x, y\)/),
  refused('list comprehension', '[v for v in x]', 'expr/syntax', "Python's 'for'", LANGUAGE),
  refused('f-string', 'f"{x}"', 'expr/syntax', 'strings are not part', STRINGS),
  refused('a comment hiding code', 'x # __import__', 'expr/syntax', 'comments are not allowed', LANGUAGE),
  refused('subscript with a string key', 'x["__class__"]', 'expr/syntax', 'strings are not part', STRINGS),
  // JavaScript
  refused('constructor.constructor', 'x.constructor.constructor("return process")()', 'expr/syntax', "attribute access ('.constructor')", ATTRIBUTES),
  refused('process.exit', 'process.exit()', 'expr/syntax', "attribute access ('.exit')", ATTRIBUTES),
  refused('require', 'require(fs)', 'expr/unknown-function', "'require'", FUNCTIONS),
  refused('dynamic import', 'import(fs)', 'expr/syntax', "Python's 'import'", LANGUAGE),
  refused('template string', '`${process.exit()}`', 'expr/syntax', 'backticks are not part', LANGUAGE),
  refused('template placeholder alone', '${x}', 'expr/syntax', "'$' is not part", LANGUAGE),
  refused('Function constructor', 'Function(x)', 'expr/unknown-function', "'Function'", FUNCTIONS),
  refused('arrow function', '(() => x)()', 'expr/syntax', "'=' is not allowed here", /use '==' to compare/),
  refused('object literal', '{ toString: x }', 'expr/syntax', "'{' is not part", /lists are written \[a, b\]/),
  refused('logical or', 'x || x', 'expr/syntax', 'bitwise/logical', /use where/),
  refused('bracket __proto__', 'x[__proto__]', 'expr/unknown-name', "'__proto__'", /available names: x/),
  refused('constructor as a function', 'constructor(x)', 'expr/unknown-function', "'constructor'", FUNCTIONS),
  refused('toString as a function', 'toString(x)', 'expr/unknown-function', "'toString'", FUNCTIONS),
  refused('hasOwnProperty as a name', 'x + hasOwnProperty', 'expr/unknown-name', "'hasOwnProperty'", /available names: x/),
  refused('prototype as a name', 'x * prototype', 'expr/unknown-name', "'prototype'", /available names: x/),
  refused('a backslash escape', 'x \\u0041', 'expr/syntax', "'\\' is not part", LANGUAGE),
  refused('a NUL character', 'x\0+ x', 'expr/syntax', 'unexpected character', LANGUAGE),
  refused('a Cyrillic look-alike name', 'х + 1', 'expr/syntax', 'unexpected character', LANGUAGE),
  refused('a right-to-left override', 'x\u202e + 1', 'expr/syntax', 'unexpected character', LANGUAGE),
  // Through `arguments:`
  refused('argument named __proto__', 'x + a', 'yaml/reserved-name', '__proto__', /reserved|rename/i, ', arguments: { a: 1, __proto__: { polluted: 1 } }'),
  refused('argument named constructor', 'x + constructor', 'yaml/reserved-name', 'constructor', /reserved|rename/i, ', arguments: { constructor: 1 }'),
  refused('argument that is a string of code', 'x + a', 'schema/', /arguments/, /must be|number/i, ', arguments: { a: "__import__(\'os\')" }'),
  // Size and nesting
  refused('5 000 characters', () => `x${' + x'.repeat(1250)}`, 'schema/out-of-range', 'at most 4000 characters', /the expression, e\.g\./),
  refused('100 000 characters', () => `x${' + 1'.repeat(25000)}`, 'schema/out-of-range', 'at most 4000 characters', /the expression, e\.g\./),
  refused('70 nested parentheses', () => `${'('.repeat(70)}x${')'.repeat(70)}`, 'expr/too-complex', 'nests more than 64', SPLIT),
  refused('1 900 nested parentheses', () => `${'('.repeat(1900)}x${')'.repeat(1900)}`, 'expr/too-complex', 'nests more than 64', SPLIT),
  refused('a 1 000-term sum', () => `x${'+x'.repeat(999)}`, 'expr/too-complex', 'too deeply nested', SPLIT),
  refused('3 000 unary minus signs', () => `${'-'.repeat(3000)}x`, 'expr/too-complex', /nested|nests/, SPLIT),
  refused('300 nested index expressions', () => `${'x[:, '.repeat(300)}0${']'.repeat(300)}`, 'yaml/syntax', 'nests 301 levels deep', /needs only a few levels of nesting/),
  refused('700 nested calls', () => `${'abs('.repeat(700)}x${')'.repeat(700)}`, 'expr/too-complex', 'nests more than 64', SPLIT),
  refused('a list of 1 200 constants', () => `x * [${Array(1200).fill('1').join(',')}]`, 'expr/too-complex', 'more than 1000 parts', /pass long lists of constants through `arguments:`/),
  refused('a power tower', () => `x${' ** 2'.repeat(600)}`, 'expr/too-complex', /nest/, SPLIT),
  refused('a number that overflows', 'x * 1e999', 'expr/syntax', "number '1e999' is too large", LANGUAGE),
  refused('a 400-digit number', () => `x * ${'9'.repeat(400)}`, 'expr/syntax', 'too large', LANGUAGE),
  refused('reshape to a huge shape', 'reshape(x, [-1, 99999999999])', 'shape/mismatch', '(99999999999 values)', /the sizes must multiply to 8/),
  refused('an empty expression', '', 'schema/out-of-range', 'at least 1 characters', /the expression, e\.g\./),
  refused('only spaces', '     ', 'expr/syntax', 'unexpected end of expression', LANGUAGE),
  {
    name: 'predict with an injected expression stops before loading anything',
    files: { 'm.yaml': lambdaModel('x.constructor.constructor("process.exit(3)")()'), 'x.npy': tinyData()['x.npy'] },
    args: ['predict', 'm.yaml', '--input', 'x.npy', '--output', 'out.npy'],
    exit: 1,
    where: ['m.yaml', /\b6:\d+/, 'expr/syntax'],
    hint: ATTRIBUTES,
    spawn: true,
  },
];
