import type { Logger } from 'pino';
import type { Partition } from '../core/arn.js';
import type { ActionTypeLookup } from '../core/action-types/lookup.js';
import type { Clock } from '../core/clock.js';
import type { Store } from '../core/contracts/store.js';
import type { PipelineDeclaration } from '../core/declaration/types.js';
import type { SourceRevisionOverride, PipelineState } from '../core/execution/state.js';
import type { TriggerType } from '../core/execution/statuses.js';
import { newId } from '../core/ids.js';
import { EngineSignals } from './engine-signals.js';
import { JobsTakenAtCommit } from './jobs-taken-at-commit.js';
import { PipelineActor, type Answer, type Submission } from './pipeline-actor.js';

export interface EngineOptions {
  store: Store;
  clock: Clock;
  partition: Partition;
  logger: Logger;
  /** The action types in use (AWS's and the live custom ones); called for every decision, so keep it cheap. */
  actionTypes: () => ActionTypeLookup;
  /** Executions in progress at once per pipeline. */
  maxConcurrentExecutions: number;
}

export interface StartRequest {
  trigger: { triggerType: TriggerType; triggerDetail?: string };
  variables?: readonly { name: string; value: string }[];
  sourceRevisions?: readonly SourceRevisionOverride[];
  clientRequestToken?: string;
}

/**
 * The engine: the durable shell around the pure state machine. Each pipeline has an actor that
 * serialises its decisions; the engine routes commands and reports to it, and recovers what the store
 * says is in progress when it starts.
 */
export class Engine {
  readonly signals = new EngineSignals();
  /** Who takes new jobs in the commit that makes them (the job service registers the server's own worker). */
  readonly takers = new JobsTakenAtCommit();
  private readonly actors = new Map<string, PipelineActor>();

  constructor(private readonly options: EngineOptions) {}

  /** Loads every pipeline with executions in progress, so their deadlines are watched again. */
  async recover(): Promise<void> {
    const names = await this.watchDeadlines();
    if (names.length > 0) this.options.logger.info({ pipelines: names.length }, 'recovered executions in progress');
  }

  /**
   * Loads every pipeline with executions in progress and lets it see the time: its deadline timer is
   * armed again and what expired is timed out. Replicas run it every so often, so deadlines another
   * replica watched keep firing when that replica dies (a Tick with nothing due stores nothing).
   */
  async watchDeadlines(): Promise<string[]> {
    const names = await this.options.store.listPipelinesWithActiveExecutions();
    for (const name of names) {
      await this.actor(name).currentState();
      // A Tick right away times out whatever expired while the server was down.
      await this.actor(name).submit({ event: { type: 'Tick' } });
    }
    return names;
  }

  async startExecution(pipelineName: string, request: StartRequest): Promise<string> {
    const executionId = newId();
    const answer = await this.submit(pipelineName, {
      event: {
        type: 'StartExecution',
        executionId,
        trigger: request.trigger,
        ...(request.variables !== undefined ? { variables: request.variables } : {}),
        ...(request.sourceRevisions !== undefined ? { sourceRevisions: request.sourceRevisions } : {}),
      },
      ...(request.clientRequestToken !== undefined ? { clientRequestToken: request.clientRequestToken } : {}),
    });
    return answer.replayOf ?? executionId;
  }

  submit(pipelineName: string, submission: Submission): Promise<Answer> {
    return this.actor(pipelineName).submit(submission);
  }

  /** The current state of a pipeline's executions (cached; loaded once). */
  state(pipelineName: string): Promise<PipelineState> {
    return this.actor(pipelineName).currentState();
  }

  /** A new pipeline exists: listeners (change detection) learn of it before its first execution starts. */
  pipelineCreated(pipelineName: string): void {
    this.signals.emit('pipelineChanged', { pipelineName });
  }

  async pipelineUpdated(pipelineName: string, version: number, declaration: PipelineDeclaration): Promise<void> {
    try {
      await this.submit(pipelineName, { event: { type: 'PipelineUpdated', version, declaration } });
    } finally {
      // The new version is stored whatever the decision did: its source actions apply from now on.
      this.signals.emit('pipelineChanged', { pipelineName });
    }
  }

  /** The pipeline is gone: its running work stops, and the engine forgets it (the store deleted the rest). */
  pipelineDeleted(pipelineName: string): void {
    const actor = this.actors.get(pipelineName);
    for (const execution of Object.values(actor?.cachedState()?.executions ?? {})) {
      for (const stage of Object.values(execution.stages)) {
        for (const run of Object.values(stage.actions)) {
          if (run.status === 'InProgress') this.signals.emit('jobCancelled', { actionExecutionId: run.actionExecutionId, reason: 'cancelled' });
        }
      }
    }
    actor?.forget();
    this.actors.delete(pipelineName);
    this.signals.emit('pipelineChanged', { pipelineName });
  }

  /** Another replica changed the pipeline (signal-relay.ts): what is cached of it is loaded again. */
  changedElsewhere(pipelineName: string): void {
    this.actors.get(pipelineName)?.changedElsewhere();
  }

  /** Word from other replicas may have been missed (a lost connection): every cached state is loaded again. */
  everythingChangedElsewhere(): void {
    for (const actor of this.actors.values()) actor.changedElsewhere();
  }

  shutdown(): void {
    for (const actor of this.actors.values()) actor.forget();
    this.actors.clear();
  }

  private actor(pipelineName: string): PipelineActor {
    let actor = this.actors.get(pipelineName);
    if (actor === undefined) {
      actor = new PipelineActor(pipelineName, { ...this.options, signals: this.signals, takers: this.takers });
      this.actors.set(pipelineName, actor);
    }
    return actor;
  }
}
