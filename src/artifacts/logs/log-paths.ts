import { join } from 'node:path';
import { PipewrightError } from '../../core/errors/index.js';

const idPattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,199}$/;

/**
 * Where the log of an action execution lives: `<data-dir>/logs/<first two characters>/<id>.log`. A closed
 * log is read-only: its mode is the one mark of completion (a log closed without a line is an empty
 * read-only file; legacy-marks.ts turns the marks of earlier versions into this one). The id comes from API
 * callers too: anything but a plain identifier is refused so it can never name a path outside the logs
 * folder.
 */
export function logPaths(logsDir: string, actionExecutionId: string): { log: string; dir: string } {
  if (!idPattern.test(actionExecutionId)) throw new PipewrightError('ValidationException', `'${actionExecutionId}' is not an action execution id.`);
  const dir = join(logsDir, actionExecutionId.slice(0, 2));
  return { dir, log: join(dir, `${actionExecutionId}.log`) };
}
