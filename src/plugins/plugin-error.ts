/**
 * A plugin that cannot be used or whose code failed, naming its file (and type where there is one).
 * Loading failures stop the command with exit 2; a `call` that fails while a model runs is a problem
 * of that model (exit 1). Either way the message is the user's to act on: no stack trace.
 */
export class PluginError extends Error {
  constructor(message: string, readonly file: string, readonly type?: string, readonly hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PluginError';
  }
}
