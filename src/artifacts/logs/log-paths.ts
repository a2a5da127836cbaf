import { join } from 'node:path';
import { PipewrightError } from '../../core/errors/index.js';

const idPattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,199}$/;

/**
 * Where the log of an action execution lives: `<data-dir>/logs/<first two characters>/<id>.log`, with
 * `<id>.done` beside it once the log is closed. The id comes from API callers too: anything but a plain
 * identifier is refused so it can never name a path outside the logs folder.
 */
export function logPaths(logsDir: string, actionExecutionId: string): { log: string; done: string; dir: string } {
  if (!idPattern.test(actionExecutionId)) throw new PipewrightError('ValidationException', `'${actionExecutionId}' is not an action execution id.`);
  const dir = join(logsDir, actionExecutionId.slice(0, 2));
  return { dir, log: join(dir, `${actionExecutionId}.log`), done: join(dir, `${actionExecutionId}.done`) };
}
