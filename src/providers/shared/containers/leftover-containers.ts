import { ContainerEngine } from './container-engine.js';
import type { ContainerEngineSettings } from './container-settings.js';

/**
 * At a server's or worker's start, before any build runs: removes the containers its builds left
 * when it was killed (SIGKILL: the engine's monitor keeps them, not the server). Between the kill and
 * this start, such a build's command runs on until it ends by itself (its shell then leaves: the
 * control channel closed with the server) or until this removal. An engine that cannot be asked is
 * warned about; the start goes on (builds naming an image will fail with the engine's reason).
 */
export async function removeLeftoverContainers(
  settings: ContainerEngineSettings | undefined,
  workRoot: string,
  logger: { warn: (details: object, message: string) => void },
): Promise<void> {
  if (settings === undefined) return;
  try {
    const removed = await new ContainerEngine(settings).removeLeftovers(workRoot);
    if (removed > 0) logger.warn({ containers: removed }, 'removed build containers left by a previous process');
  } catch (error) {
    logger.warn({ error: (error as Error).message }, 'could not remove build containers a previous process may have left');
  }
}
