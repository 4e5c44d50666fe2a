/** The shipped GitHub workflow (models/ci/layerspec.yml) runs commands that exist and work. */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from './run-cli.js';

const workflow = parse(fs.readFileSync('models/ci/layerspec.yml', 'utf8')) as { jobs: Record<string, { steps: { run?: string; uses?: string }[] }> };
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
});
