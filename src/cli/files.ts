import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from './io.js';

const MODEL_EXTENSIONS = /\.ya?ml$/i;
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

/**
 * Expands command-line operands the way ESLint does: files as given, directories searched for
 * .yaml/.yml files, glob patterns (`*`, `**`, `?`, `{a,b}`) matched below their fixed prefix.
 * Results are absolute, de-duplicated and sorted, so output is stable.
 */
export function expandOperands(operands: readonly string[], cwd: string): string[] {
  const found = new Set<string>();
  for (const operand of operands) {
    // '' resolves to the current directory: an unset shell variable must not check everything.
    if (operand.trim() === '') throw new UsageError("an empty path ('') was given", 'check the variable or quoting that should hold the file name');
    const absolute = path.resolve(cwd, operand);
    if (/[*?{[]/.test(operand)) {
      const matches = globFiles(operand, cwd);
      if (matches.length === 0) throw new UsageError(`no files match the pattern '${operand}'`, 'check the pattern, or quote it so that the shell does not expand it');
      for (const m of matches) found.add(m);
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch {
      throw new UsageError(`cannot read '${operand}': no such file or directory`, 'check the path');
    }
    if (stat.isDirectory()) {
      const files = walk(absolute).filter((f) => MODEL_EXTENSIONS.test(f));
      if (files.length === 0) throw new UsageError(`no .yaml or .yml files in the directory '${operand}'`, 'model files end in .yaml or .yml; name them, or a directory that holds some');
      for (const f of files) found.add(f);
    } else found.add(absolute);
  }
  return [...found].sort();
}

function walk(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) stack.push(full);
      } else if (entry.isFile()) out.push(full);
    }
  }
  return out;
}

function globFiles(pattern: string, cwd: string): string[] {
  const normalized = pattern.split(path.sep).join('/');
  const segments = normalized.split('/');
  const fixed: string[] = [];
  for (const s of segments) {
    if (/[*?{[]/.test(s)) break;
    fixed.push(s);
  }
  const base = path.resolve(cwd, fixed.join('/') || '.');
  const regex = globToRegExp(segments.slice(fixed.length).join('/'));
  return walk(base).filter((file) => regex.test(path.relative(base, file).split(path.sep).join('/')));
}

/** Translates a glob to an anchored regular expression over '/'-separated relative paths. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        re += `(?:${glob.slice(i + 1, end).split(',').map(escape).join('|')})`;
        i = end;
      }
    } else re += escape(c);
  }
  return new RegExp(`^${re}$`);
}

function escape(s: string): string {
  return s.replace(/[.+^${}()|[\]\\*?]/g, '\\$&');
}
