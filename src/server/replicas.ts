import type { Logger } from 'pino';
import type { Engine } from '../engine/engine.js';
import { SignalRelay } from '../engine/signal-relay.js';
import type { StoreLocation } from '../store/open-store.js';
import { openNotificationChannel } from '../store/postgres/notification-channel.js';
import { takeReplicaLock } from '../store/postgres/replica-lock.js';

export interface Replicas {
  stop(): Promise<void>;
}

/**
 * Replicas on one PostgreSQL database hear each other's decisions: the engine's signals go out and come
 * in over LISTEN/NOTIFY (engine/signal-relay.ts). On SQLite there is one server, and nothing to relay.
 */
export async function joinReplicas(
  location: StoreLocation,
  options: { replicaId: string; engine: Engine; logger: Logger; sharedArtifacts: boolean },
): Promise<Replicas | undefined> {
  if (location.kind !== 'postgres') return undefined;
  const { engine, logger } = options;
  const channel = await openNotificationChannel(location, (error) => logger.error({ err: error }, 'the connection relaying signals between replicas failed; connecting again'));
  const role = options.sharedArtifacts ? 'replica' : 'only-server';
  if (!(await takeReplicaLock(channel, role))) {
    await channel.close();
    throw new Error(
      role === 'replica'
        ? 'Another Pipewright server on this database keeps its artifacts in its own data directory, which replicas cannot read. ' +
            'Stop it, or restart it with artifacts in an S3-compatible store (PIPEWRIGHT_S3_BUCKET), before starting replicas.'
        : 'Another Pipewright server is running on this database. Replicas must share their artifacts: ' +
            'start every server with an S3-compatible store (PIPEWRIGHT_S3_BUCKET and PIPEWRIGHT_S3_ENDPOINT); artifacts in a data directory serve one server only.',
    );
  }
  channel.onReconnected(() => {
    logger.warn('reconnected to the other replicas; reloading every cached pipeline state');
    engine.everythingChangedElsewhere();
  });
  const relay = new SignalRelay({
    replicaId: options.replicaId,
    signals: engine.signals,
    channel,
    changedElsewhere: (pipelineName) => engine.changedElsewhere(pipelineName),
    logger,
  });
  relay.start();
  return {
    stop: async () => {
      relay.stop();
      await channel.close();
    },
  };
}
