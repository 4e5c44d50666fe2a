import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * The temporary files atomic writes fill before renaming them into place, while they exist. A
 * command that is interrupted (Ctrl-C during predict, a second Ctrl-C during train) exits through
 * process.exit, and the 'exit' hook removes them: an interrupted run leaves no partial file.
 */
const live = new Set<string>();
let hooked = false;

/** A new temporary path next to `path`, tracked until `releaseTemp`. */
export function newTempPath(path: string): string {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  live.add(tmp);
  if (!hooked) {
    hooked = true;
    process.on('exit', removeLiveTempFiles);
  }
  return tmp;
}

/** The temporary file was renamed into place or removed. */
export function releaseTemp(tmp: string): void {
  live.delete(tmp);
}

export function removeLiveTempFiles(): void {
  for (const tmp of live) {
    try {
      unlinkSync(tmp);
    } catch {
      // never created, or already renamed
    }
  }
  live.clear();
}
