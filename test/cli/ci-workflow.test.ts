/** The shipped GitHub workflow (models/ci/layerspec.yml) runs commands that exist and work. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BIN, ROOT, runCli } from './run-cli.js';

const workflow = parse(fs.readFileSync('models/ci/layerspec.yml', 'utf8')) as { jobs: Record<string, { steps: { name?: string; run?: string; uses?: string }[] }> };
const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
const checks = steps.map((s) => s.run).filter((r): r is string => r !== undefined && r.startsWith('layerspec check'));

describe('models/ci/layerspec.yml', () => {
  it('checks with annotations and uploads SARIF', () => {
    expect(checks.some((c) => c.includes('--format github'))).toBe(true);
    expect(checks.some((c) => c.includes('--format sarif'))).toBe(true);
    expect(steps.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))).toBe(true);
  });

  it.each(checks)('%s: runs on the shipped example models', (command) => {
    // The workflow's own glob and shell redirection aside, the arguments are passed as they are.
    const args = command.replace(/\s*>.*$/, '').split(/\s+/).slice(1).map((a) => (a === "'models/**/*.yaml'" ? 'models/*.yaml' : a));
    const r = runCli(args);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    if (args.includes('sarif')) expect(JSON.parse(r.stdout).version).toBe('2.1.0');
  });

  it('draws every model as an SVG artifact, broken ones included', () => {
    const draw = steps.find((s) => s.run?.includes('layerspec graph'));
    expect(draw?.run).toBeDefined();
    expect(steps.some((s) => s.uses?.startsWith('actions/upload-artifact'))).toBe(true);
    // The step's own shell script, in a checkout holding the shipped models, with `layerspec` on PATH.
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-ci-'));
    // A copy, not a link (find does not descend into a linked directory): the shipped models and
    // two broken ones, as a repository's models/ with a subfolder would be (a process per file).
    const keep = (p: string) => !p.endsWith('.npy') && !p.includes(`${path.sep}plugins`) && (!p.includes(`${path.sep}invalid${path.sep}`) || /(cycle|reshape-size-mismatch)\.yaml$/.test(p));
    fs.cpSync(path.join(ROOT, 'models'), path.join(work, 'models'), { recursive: true, filter: keep });
    fs.mkdirSync(path.join(work, 'bin'));
    fs.writeFileSync(path.join(work, 'bin', 'layerspec'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
    const r = spawnSync('bash', ['-eo', 'pipefail', '-c', draw!.run!], { cwd: work, encoding: 'utf8', timeout: 120000, env: { ...process.env, PATH: `${path.join(work, 'bin')}:${process.env.PATH}` } });
    expect(r.status, r.stderr).toBe(0);
    for (const drawing of ['drawings/cnn.svg', 'drawings/attention-block.svg', 'drawings/invalid/cycle.svg', 'drawings/invalid/reshape-size-mismatch.svg']) {
      const svg = fs.readFileSync(path.join(work, drawing), 'utf8');
      expect(svg, drawing).toMatch(/<svg[\s\S]*<\/svg>\s*$/);
    }
    expect(fs.readFileSync(path.join(work, 'drawings/invalid/reshape-size-mismatch.svg'), 'utf8')).toContain('cannot reshape');
  }, 120000);
});
