import { pino, type Logger } from 'pino';

/** Structured log lines (JSON, one per line) on stdout; `PIPEWRIGHT_LOG_LEVEL` sets the level. */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino({ level, base: { service: 'pipewright' } }, destination ?? process.stdout);
}
