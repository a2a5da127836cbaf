import type { Logger } from 'pino';

/**
 * SIGTERM and SIGINT stop what `starting` starts: once it has started it closes (letting running work
 * finish within its grace period) and the process exits 0, or 1 if the close failed. Listening from
 * before the start: a signal that arrives while it starts stops it gracefully once it has, rather than
 * killing it with the signal's default action. `onSignal` runs once, at the first signal.
 */
export function stopOnSignals(starting: Promise<{ close(): Promise<void> }>, logger: Logger, onSignal: () => void = () => undefined): { stopping(): boolean } {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    onSignal();
    logger.info({ signal }, 'shutting down');
    starting
      .then((started) => started.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return { stopping: () => stopping };
}
