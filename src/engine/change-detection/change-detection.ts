import type { Logger } from 'pino';
import type { Partition } from '../../core/arn.js';
import type { Clock } from '../../core/clock.js';
import type { StoreOperations } from '../../core/contracts/store.js';
import type { EngineSignals } from '../engine-signals.js';
import { putActionRevision, type ActionRevisionInput } from './action-revision.js';
import { receiveGitEvent } from './git-events/git-event-receiver.js';
import { hostedPush, type PushedRef } from './hosted-push.js';
import type { CallOutcome, IncomingCall } from './incoming-call.js';
import { SourcePoller } from './poller.js';
import { SourceIndex } from './source-index.js';
import type { SourceProbe } from './source-probe.js';
import type { ExecutionStarter } from './start-detected.js';
import { receiveWebhookCall } from './webhooks/webhook-receiver.js';

export interface ChangeDetectionOptions {
  store: StoreOperations;
  engine: ExecutionStarter & { signals: EngineSignals };
  probe: SourceProbe;
  partition: Partition;
  clock: Clock;
  logger: Logger;
  /** Time between two polling rounds. */
  pollIntervalMs: number;
  /** This server's base URL, which webhook URLs start with (known once it listens). */
  publicUrl: () => string;
  /**
   * Whether this process polls now. Replicas poll from the one that leads, so that a source is asked once
   * per interval however many replicas run; pushes, webhooks and git events are checked where they arrive.
   */
  polls?: () => boolean;
}

/**
 * Everything that starts pipelines from changes in their sources, in one place the server composes:
 * polling, pushes to hosted repositories, webhooks (v1) and git host events (V2 triggers), and
 * PutActionRevision. Each path pins the revision it saw, so the execution builds exactly that.
 */
export class ChangeDetection {
  private readonly index: SourceIndex;
  private readonly poller: SourcePoller;
  private readonly pending = new Set<Promise<void>>();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: ChangeDetectionOptions) {
    this.index = new SourceIndex(options.store);
    this.poller = new SourcePoller({
      store: options.store,
      starter: options.engine,
      index: this.index,
      probe: options.probe,
      clock: options.clock,
      logger: options.logger,
      intervalMs: options.pollIntervalMs,
      ...(options.polls !== undefined ? { polls: options.polls } : {}),
    });
  }

  /** Reads the pipelines, checks the polling sources once (what changed while stopped), and arms the poller. */
  async start(): Promise<void> {
    await this.index.sync();
    this.unsubscribe = this.options.engine.signals.on('pipelineChanged', ({ pipelineName }) => {
      this.track(this.pipelineChanged(pipelineName));
    });
    if (this.polls()) this.track(this.poller.checkNow(this.index.sources()));
    this.poller.reschedule();
  }

  /** This replica has begun to lead: what changed while no one polled is looked at now. */
  pollNow(): void {
    if (this.unsubscribe !== undefined) this.track(this.poller.checkNow(this.index.sources()));
  }

  private polls(): boolean {
    return this.options.polls?.() ?? true;
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    await this.poller.stop();
    await Promise.allSettled([...this.pending]);
  }

  /** A push to a hosted repository (the git server's onPush). */
  hostedPush(repository: string, refs: readonly PushedRef[], receipt: { receivedAt: number }): Promise<void> {
    const { engine, partition, logger } = this.options;
    return hostedPush({ index: this.index, poller: this.poller, starter: engine, partition, logger }, repository, refs, receipt.receivedAt);
  }

  /** A call to a webhook's URL, `/webhooks/<urlId>`. */
  receiveWebhook(urlId: string, call: IncomingCall): Promise<CallOutcome> {
    const { store, engine, partition, clock, logger } = this.options;
    return receiveWebhookCall({ store, starter: engine, partition, clock, logger }, urlId, call);
  }

  /** A git host's event for a connection, `/webhooks/v2/<connection id>`. */
  receiveGitEvent(connectionId: string, call: IncomingCall): Promise<CallOutcome> {
    const { engine, probe, logger } = this.options;
    return receiveGitEvent({ index: this.index, poller: this.poller, starter: engine, probe, logger }, connectionId, call);
  }

  putActionRevision(input: ActionRevisionInput): Promise<{ newRevision: boolean; pipelineExecutionId: string }> {
    return putActionRevision({ store: this.options.store, starter: this.options.engine }, input);
  }

  /** The URL a webhook is served at. */
  webhookUrl(urlId: string): string {
    return `${this.options.publicUrl().replace(/\/+$/, '')}/webhooks/${urlId}`;
  }

  /** A pipeline was created, updated or deleted here: re-read it, take baselines of new polling sources now. */
  private async pipelineChanged(pipelineName: string): Promise<void> {
    await this.index.refresh(pipelineName);
    this.poller.reschedule();
    // Every replica hears of the change (it is relayed); the one that polls takes the new sources' baselines.
    if (!this.polls()) return;
    await this.poller.checkNow(this.index.sources().filter((source) => source.pipelineName === pipelineName));
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => {
      this.options.logger.error({ err: error }, 'change detection failed');
    });
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }
}
