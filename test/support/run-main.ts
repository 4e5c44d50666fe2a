import type { CliIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

/** Runs the command line in this process (what bin/layerspec.js awaits), with stdout and stderr captured. */
export async function runMain(args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { NO_COLOR: '1' },
    cwd,
  };
  const code = await main(['node', 'layerspec', ...args], io);
  return { code, stdout, stderr };
}
