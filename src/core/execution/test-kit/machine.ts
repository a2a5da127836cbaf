import { awsActionType } from '../../action-types/lookup.js';
import type { ArtifactRef } from '../../contracts/artifact-store.js';
import type { ActionDeclaration, PipelineDeclaration, StageDeclaration } from '../../declaration/types.js';
import type { DecideContext } from '../context.js';
import { decide, type Decision } from '../decide.js';
import type { Effect, StateChange } from '../effects.js';
import type { EngineEvent } from '../events.js';
import { initialPipelineState } from '../initial-state.js';
import { diffStates, retain } from '../retention.js';
import type { ExecutionState, PipelineState } from '../state.js';

/**
 * A driver for the pure machine in tests: it holds the state, a clock the test moves, ids that count
 * up, and the effects and changes of every decision, so a test reads as a story of events.
 */
export class MachineDriver {
  state: PipelineState;
  now = 1_000_000;
  effects: Effect[] = [];
  changes: StateChange[] = [];
  maxConcurrentExecutions = 50;
  /** Every execution as last changed, like the store keeps them after the machine lets them go. */
  readonly stored = new Map<string, ExecutionState>();
  private ids = 0;

  constructor(declaration: PipelineDeclaration, version = 1) {
    this.state = initialPipelineState(declaration.name, version, declaration);
  }

  context(): DecideContext {
    return {
      now: this.now,
      newId: () => this.newId(),
      actionTypes: awsActionType,
      maxConcurrentExecutions: this.maxConcurrentExecutions,
    };
  }

  newId(): string {
    this.ids += 1;
    return `00000000-0000-4000-8000-${this.ids.toString().padStart(12, '0')}`;
  }

  apply(event: EngineEvent): Decision {
    const decision = decide(this.state, event, this.context());
    for (const execution of diffStates(this.state, decision.next).executions) this.stored.set(execution.id, execution);
    this.state = retain(decision.next);
    this.effects.push(...decision.effects);
    this.changes.push(...decision.changes);
    return decision;
  }

  start(overrides: Partial<Extract<EngineEvent, { type: 'StartExecution' }>> = {}): string {
    const executionId = overrides.executionId ?? this.newId();
    this.apply({ type: 'StartExecution', executionId, trigger: { triggerType: 'StartPipelineExecution' }, ...overrides });
    return executionId;
  }

  execution(id: string): ExecutionState {
    const execution = this.state.executions[id] ?? this.stored.get(id);
    if (execution === undefined) throw new Error(`execution ${id} never existed`);
    return execution;
  }

  /** The run of an action that is in progress in the execution, or undefined. */
  running(executionId: string, stageName: string, actionName: string): { actionExecutionId: string } | undefined {
    const run = this.state.executions[executionId]?.stages[stageName]?.actions[actionName];
    return run?.status === 'InProgress' ? run : undefined;
  }

  succeed(executionId: string, stageName: string, actionName: string, extra: Partial<Extract<EngineEvent, { type: 'ActionSucceeded' }>> = {}): Decision {
    return this.apply({ ...this.successOf(executionId, stageName, actionName), ...extra });
  }

  /** The report that a running action succeeded, with its output artifacts (not applied). */
  successOf(executionId: string, stageName: string, actionName: string): Extract<EngineEvent, { type: 'ActionSucceeded' }> {
    const run = this.running(executionId, stageName, actionName);
    if (run === undefined) throw new Error(`${actionName} in ${stageName} of ${executionId} is not running`);
    const declaration = this.declarationOf(executionId);
    const action = findAction(declaration, stageName, actionName);
    const outputArtifacts = Object.fromEntries((action.outputArtifacts ?? []).map((output) => [output.name, artifact(output.name, executionId)]));
    return { type: 'ActionSucceeded', executionId, stageName, actionName, actionExecutionId: run.actionExecutionId, outputArtifacts };
  }

  fail(executionId: string, stageName: string, actionName: string, message = 'boom'): Decision {
    const run = this.running(executionId, stageName, actionName);
    if (run === undefined) throw new Error(`${actionName} in ${stageName} of ${executionId} is not running`);
    return this.apply({ type: 'ActionFailed', executionId, stageName, actionName, actionExecutionId: run.actionExecutionId, failureType: 'JobFailed', message });
  }

  /** Where the execution is, in one word a test can compare: `waiting:Build`, `in:Build`, `done`. */
  where(executionId: string): string {
    const position = this.execution(executionId).position;
    return position.kind === 'done' ? 'done' : `${position.kind === 'waiting' ? 'waiting' : 'in'}:${position.stageName}`;
  }

  private declarationOf(executionId: string): PipelineDeclaration {
    const execution = this.execution(executionId);
    return execution.pipelineVersion === this.state.current.version
      ? this.state.current.declaration
      : (this.state.olderDeclarations[execution.pipelineVersion] ?? this.state.current.declaration);
  }
}

export function artifact(name: string, executionId: string): ArtifactRef {
  return { bucket: 'artifacts', key: `p/${name}/${executionId}`, digest: `${name}-${executionId}`, size: 1, fileCount: 1 };
}

function findAction(declaration: PipelineDeclaration, stageName: string, actionName: string): ActionDeclaration {
  const action = declaration.stages.find((stage) => stage.name === stageName)?.actions.find((candidate) => candidate.name === actionName);
  if (action === undefined) throw new Error(`no action ${stageName}/${actionName}`);
  return action;
}

/** Declarations for machine tests: a source stage then the given stages. */
export function pipeline(
  name: string,
  stages: StageDeclaration[],
  options: Partial<Pick<PipelineDeclaration, 'executionMode' | 'variables' | 'pipelineType'>> = {},
): PipelineDeclaration {
  return {
    name,
    roleArn: 'arn:aws:iam::123456789012:role/r',
    artifactStore: { type: 'S3', location: 'bucket' },
    pipelineType: options.pipelineType ?? (options.executionMode !== undefined && options.executionMode !== 'SUPERSEDED' ? 'V2' : 'V1'),
    executionMode: options.executionMode ?? 'SUPERSEDED',
    ...(options.variables !== undefined ? { variables: options.variables, pipelineType: 'V2' } : {}),
    stages: [{ name: 'Source', actions: [sourceAction('Checkout', 'Src')] }, ...stages],
  };
}

export function sourceAction(name: string, output: string): ActionDeclaration {
  return {
    name,
    actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
    configuration: { RepositoryName: 'app', BranchName: 'main' },
    outputArtifacts: [{ name: output }],
  };
}

export function buildAction(name: string, options: { input?: string; output?: string; runOrder?: number; namespace?: string; configuration?: Record<string, string> } = {}): ActionDeclaration {
  return {
    name,
    actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
    configuration: options.configuration ?? { ProjectName: name },
    inputArtifacts: [{ name: options.input ?? 'Src' }],
    ...(options.output !== undefined ? { outputArtifacts: [{ name: options.output }] } : {}),
    ...(options.runOrder !== undefined ? { runOrder: options.runOrder } : {}),
    ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
  };
}

export function approvalAction(name: string, options: { runOrder?: number; timeoutInMinutes?: number } = {}): ActionDeclaration {
  return {
    name,
    actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' },
    ...(options.runOrder !== undefined ? { runOrder: options.runOrder } : {}),
    ...(options.timeoutInMinutes !== undefined ? { timeoutInMinutes: options.timeoutInMinutes } : {}),
  };
}
