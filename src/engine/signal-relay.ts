import type { Logger } from 'pino';
import type { EngineSignalMap, EngineSignals } from './engine-signals.js';

/** How replicas reach each other: PostgreSQL's LISTEN/NOTIFY (store/postgres/notification-channel.ts). */
export interface ReplicaChannel {
  publish(message: string): Promise<void>;
  onMessage(listener: (message: string) => void): void;
}

/**
 * The signals another replica must hear, and why. Everything else stays in the process that emitted it:
 * `approvalRequested` sends a notification (once, from the replica that decided), `stateChanged` carries
 * whole state changes (too big for a NOTIFY, and only the demo's follower reads it).
 */
const relayed = {
  jobsQueued: 'its worker may claim the new jobs',
  jobCancelled: 'the replica running the job aborts it',
  jobEnded: 'whoever waits for the job there goes on',
  eventsAppended: 'its cached pipeline state is stale, and its event streams read on',
  pipelineChanged: 'its change detection re-reads the source actions',
} as const satisfies Partial<Record<keyof EngineSignalMap, string>>;

type Relayed = keyof typeof relayed;
const relayedSignals = Object.keys(relayed) as Relayed[];

interface Message {
  /** The replica that sent it: NOTIFY reaches the sender's own LISTEN too. */
  from: string;
  signal: Relayed;
  payload: EngineSignalMap[Relayed];
}

/** NOTIFY's payload limit is 8000 bytes; a batch of queued job types is split below it. */
const maxMessageBytes = 7000;

/**
 * Carries the engine's in-process signals between replicas on one database. What one replica decided
 * (after commit) goes out as a NOTIFY; what another decided is emitted here as if decided here, after
 * the engine has dropped the pipeline's cached state so reads load what was stored.
 */
export class SignalRelay {
  /** True while a signal from elsewhere is emitted here: it must not go out again. */
  private fromElsewhere = false;
  private readonly unsubscribes: (() => void)[] = [];

  constructor(
    private readonly options: {
      replicaId: string;
      signals: EngineSignals;
      channel: ReplicaChannel;
      /** The pipeline was changed by another replica: forget what is cached of it. */
      changedElsewhere: (pipelineName: string) => void;
      logger: Logger;
    },
  ) {}

  start(): void {
    const { signals, channel } = this.options;
    channel.onMessage((text) => this.receive(text));
    for (const signal of relayedSignals) {
      this.unsubscribes.push(
        signals.on(signal, (payload) => {
          if (!this.fromElsewhere) this.send(signal, payload);
        }),
      );
    }
  }

  stop(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
  }

  private send(signal: Relayed, payload: EngineSignalMap[Relayed]): void {
    for (const part of split(signal, payload)) {
      const message: Message = { from: this.options.replicaId, signal, payload: part };
      this.options.channel.publish(JSON.stringify(message)).catch((error: unknown) => {
        // Replicas that miss it catch up at their next read of the store (guarded writes reload).
        this.options.logger.error({ err: error, signal }, 'could not relay a signal to the other replicas');
      });
    }
  }

  private receive(text: string): void {
    let message: Message;
    try {
      message = JSON.parse(text) as Message;
    } catch {
      this.options.logger.warn({ message: text.slice(0, 200) }, 'ignored a replica message that is not JSON');
      return;
    }
    if (message.from === this.options.replicaId || !(message.signal in relayed)) return;
    const pipelineName = (message.payload as { pipelineName?: unknown }).pipelineName;
    if ((message.signal === 'eventsAppended' || message.signal === 'pipelineChanged') && typeof pipelineName === 'string') {
      this.options.changedElsewhere(pipelineName);
    }
    this.fromElsewhere = true;
    try {
      this.options.signals.emit(message.signal, message.payload);
    } catch (error) {
      this.options.logger.error({ err: error, signal: message.signal }, 'a listener failed on a signal from another replica');
    } finally {
      this.fromElsewhere = false;
    }
  }
}

function split(signal: Relayed, payload: EngineSignalMap[Relayed]): EngineSignalMap[Relayed][] {
  if (signal !== 'jobsQueued' || JSON.stringify(payload).length < maxMessageBytes) return [payload];
  const { actionTypeIds } = payload as EngineSignalMap['jobsQueued'];
  const parts: EngineSignalMap['jobsQueued'][] = [];
  for (let start = 0; start < actionTypeIds.length; start += 20) parts.push({ actionTypeIds: actionTypeIds.slice(start, start + 20) });
  return parts;
}
