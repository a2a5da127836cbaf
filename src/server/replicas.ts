import type { Logger } from 'pino';
import type { Engine } from '../engine/engine.js';
import { SignalRelay } from '../engine/signal-relay.js';
import type { StoreLocation } from '../store/open-store.js';
import { openNotificationChannel } from '../store/postgres/notification-channel.js';
import { takeReplicaLock, tryToLead } from '../store/postgres/replica-lock.js';

/** What one replica does for all (deliver notifications, poll sources): started when it leads, stopped when it no longer does. */
export interface LeaderDuty {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Every interval while leading (take up what other replicas changed). */
  meanwhile(): Promise<void>;
}

export interface Replicas {
  /**
   * Does `duty` while this replica leads: one replica at a time holds the leader lock (a session advisory
   * lock, released when its process dies); the others try to take it every `intervalMs`.
   */
  lead(duty: LeaderDuty, intervalMs: number): Promise<void>;
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

  let leading: LeaderDuty | undefined;
  let timer: NodeJS.Timeout | undefined;
  let turn: Promise<void> = Promise.resolve();
  const inTurn = (work: () => Promise<void>): Promise<void> => {
    turn = turn.then(work).catch((error: unknown) => logger.error({ err: error }, 'leading the replicas failed'));
    return turn;
  };
  channel.onReconnected(() => {
    // The session that held the leader lock is gone: another replica may lead now.
    void inTurn(async () => {
      const duty = leading;
      leading = undefined;
      await duty?.stop();
    });
  });
  return {
    lead: async (duty, intervalMs) => {
      // A tick that comes while the last step still runs (a slow delivery, a loaded machine) is dropped,
      // not queued: queued steps would pile up without end, and stop() would wait behind all of them.
      let stepping = false;
      const step = async (): Promise<void> => {
        if (stepping) return;
        stepping = true;
        try {
          await inTurn(async () => {
            if (leading !== undefined) return leading.meanwhile();
            if (!(await tryToLead(channel))) return;
            leading = duty;
            logger.info('this replica leads: it delivers notifications and polls sources');
            await duty.start();
          });
        } finally {
          stepping = false;
        }
      };
      await step();
      timer = setInterval(() => void step(), intervalMs);
      timer.unref();
    },
    stop: async () => {
      if (timer !== undefined) clearInterval(timer);
      await inTurn(async () => {
        await leading?.stop();
        leading = undefined;
      });
      relay.stop();
      await channel.close();
    },
  };
}
