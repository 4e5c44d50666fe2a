/** What a command may touch of the outside world; tests pass their own. */
export interface CliIO {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Exit codes of the command-line contract (DESIGN.md). */
export const EXIT = { OK: 0, PROBLEMS: 1, USAGE: 2 } as const;

/** A mistake in how the command was called, or a file that cannot be read: exit 2, no stack trace. */
export class UsageError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = 'UsageError';
  }
}
