import type { Partition } from '../core/arn.js';
import type { ActionRunRecord, NewJob, RuleRunRecord, RuntimeCommit } from '../core/contracts/store.js';
import type { PipelineDeclaration } from '../core/declaration/types.js';
import type { Decision } from '../core/execution/decide.js';
import { diffStates, type ChangedActionRun, type ChangedRuleRun } from '../core/execution/retention.js';
import type { PipelineState } from '../core/execution/state.js';
import { buildActionJob } from './action-job.js';
import { buildRuleJob } from './rule-job.js';
import { stateChangeEvent } from './state-change-event.js';

/**
 * Turns decisions (one, or a batch decided one after the other) into the one atomic write that stores
 * them: changed executions and action and rule runs, the jobs their RunAction/RunRule effects ask for,
 * the jobs their Cancel effects end, the jobs whose results they apply, and their events.
 */
export function decisionCommit(input: {
  pipelineName: string;
  /** The state the decisions started from, and the state after the last of them. */
  before: PipelineState;
  next: PipelineState;
  /** The effects and changes of the decisions, in order. */
  effects: readonly Decision['effects'][number][];
  changes: readonly Decision['changes'][number][];
  expectedRevision: number;
  partition: Partition;
  newId: () => string;
  now: number;
  clientRequestTokens: ReadonlyMap<string, string>;
  finishJobs: RuntimeCommit['finishJobs'];
}): { commit: RuntimeCommit; newJobs: NewJob[] } {
  const { pipelineName, partition, next } = input;
  const decision = { effects: input.effects, changes: input.changes };
  const diff = diffStates(input.before, next);
  const newJobs: NewJob[] = decision.effects.flatMap((effect): NewJob[] => {
    if (effect.type === 'RunRule') {
      const execution = next.executions[effect.executionId];
      if (execution === undefined) return [];
      const jobId = input.newId();
      const job = buildRuleJob({
        jobId,
        pipelineName,
        partition,
        declaration: declarationFor(next, execution.pipelineVersion),
        execution,
        stageName: effect.stageName,
        conditionType: effect.conditionType,
        ruleName: effect.ruleName,
        ruleExecutionId: effect.ruleExecutionId,
      });
      return [
        {
          id: jobId,
          pipelineName,
          executionId: effect.executionId,
          stageName: effect.stageName,
          actionName: effect.ruleName,
          actionExecutionId: effect.ruleExecutionId,
          actionTypeId: job.action.typeId,
          job,
          created: input.now,
        },
      ];
    }
    if (effect.type !== 'RunAction') return [];
    const execution = next.executions[effect.executionId];
    if (execution === undefined) return [];
    const declaration = declarationFor(next, execution.pipelineVersion);
    const jobId = input.newId();
    const job = buildActionJob({ jobId, pipelineName, partition, declaration, execution, stageName: effect.stageName, actionName: effect.actionName });
    return [
      {
        id: jobId,
        pipelineName,
        executionId: effect.executionId,
        stageName: effect.stageName,
        actionName: effect.actionName,
        actionExecutionId: effect.actionExecutionId,
        actionTypeId: job.action.typeId,
        job,
        created: input.now,
      },
    ];
  });
  const commit: RuntimeCommit = {
    pipelineName,
    expectedRevision: input.expectedRevision,
    runtime: {
      transitions: { ...next.transitions },
      stageLatest: { ...next.stageLatest },
      stageLastSucceeded: { ...next.stageLastSucceeded },
      sequence: next.sequence,
    },
    executions: diff.executions.map((execution) => {
      const token = input.clientRequestTokens.get(execution.id);
      return { pipelineName, execution, ...(token !== undefined ? { clientRequestToken: token } : {}) };
    }),
    actionRuns: diff.actionRuns.map((changed) => actionRunRecord(pipelineName, changed, declarationFor(next, changed.execution.pipelineVersion))),
    ruleRuns: diff.ruleRuns.map((changed) => ruleRunRecord(pipelineName, changed, declarationFor(next, changed.execution.pipelineVersion))),
    newJobs,
    cancelJobsOfActionRuns: decision.effects.flatMap((effect) =>
      effect.type === 'CancelAction' ? [effect.actionExecutionId] : effect.type === 'CancelRule' ? [effect.ruleExecutionId] : [],
    ),
    events: decision.changes.map((change) => stateChangeEvent(change, next, partition)),
    finishJobs: input.finishJobs,
  };
  return { commit, newJobs };
}

function declarationFor(state: PipelineState, version: number): PipelineDeclaration {
  const declaration = version === state.current.version ? state.current.declaration : state.olderDeclarations[version];
  if (declaration === undefined) throw new Error(`Version ${version} of ${state.pipelineName} is not loaded`);
  return declaration;
}

function actionRunRecord(pipelineName: string, changed: ChangedActionRun, declaration: PipelineDeclaration): ActionRunRecord {
  const { execution, stageName, actionName } = changed;
  const run = execution.stages[stageName]?.actions[actionName];
  const action = declaration.stages.find((stage) => stage.name === stageName)?.actions.find((candidate) => candidate.name === actionName);
  if (run === undefined || action === undefined) throw new Error(`No run of ${stageName}/${actionName} in ${execution.id}`);
  return {
    pipelineName,
    executionId: execution.id,
    pipelineVersion: execution.pipelineVersion,
    stageName,
    actionName,
    actionExecutionId: run.actionExecutionId,
    status: run.status,
    startedAt: run.startedAt ?? run.updatedAt,
    updatedAt: run.updatedAt,
    document: {
      actionTypeId: action.actionTypeId,
      configuration: { ...(action.configuration ?? {}) },
      ...(run.resolvedConfiguration !== undefined ? { resolvedConfiguration: { ...run.resolvedConfiguration } } : {}),
      ...(action.namespace !== undefined ? { namespace: action.namespace } : {}),
      ...(action.region !== undefined ? { region: action.region } : {}),
      ...(action.roleArn !== undefined ? { roleArn: action.roleArn } : {}),
      inputArtifacts: (action.inputArtifacts ?? []).map((input) => {
        const ref = execution.artifacts[input.name];
        return { name: input.name, ...(ref !== undefined ? { bucket: ref.bucket, key: ref.key } : {}) };
      }),
      outputArtifacts: (action.outputArtifacts ?? []).flatMap((output) => {
        const ref = run.outputArtifacts?.[output.name];
        return ref === undefined ? [] : [{ name: output.name, bucket: ref.bucket, key: ref.key }];
      }),
      ...(run.outputVariables !== undefined ? { outputVariables: { ...run.outputVariables } } : {}),
      ...(run.summary !== undefined ? { summary: run.summary } : {}),
      ...(run.externalExecutionId !== undefined ? { externalExecutionId: run.externalExecutionId } : {}),
      ...(run.externalExecutionUrl !== undefined ? { externalExecutionUrl: run.externalExecutionUrl } : {}),
      ...(run.errorDetails !== undefined ? { errorDetails: { ...run.errorDetails } } : {}),
      ...(run.token !== undefined ? { token: run.token } : {}),
      ...(run.updatedBy !== undefined ? { updatedBy: run.updatedBy } : {}),
      ...(run.percentComplete !== undefined ? { percentComplete: run.percentComplete } : {}),
      ...(run.reports !== undefined ? { reports: [...run.reports] } : {}),
    },
  };
}

function ruleRunRecord(pipelineName: string, changed: ChangedRuleRun, declaration: PipelineDeclaration): RuleRunRecord {
  const { execution, stageName, conditionType, ruleName, run } = changed;
  const rule = declaration.stages
    .find((stage) => stage.name === stageName)
    ?.[conditionType]?.conditions?.flatMap((condition) => condition.rules ?? [])
    .find((candidate) => candidate.name === ruleName);
  return {
    pipelineName,
    executionId: execution.id,
    pipelineVersion: execution.pipelineVersion,
    stageName,
    conditionType,
    ruleName,
    ruleExecutionId: run.ruleExecutionId,
    status: run.status,
    startedAt: run.startedAt,
    updatedAt: run.updatedAt,
    document: {
      ruleTypeId: { category: 'Rule', owner: 'AWS', provider: rule?.ruleTypeId.provider ?? 'unknown', version: rule?.ruleTypeId.version ?? '1' },
      configuration: { ...(rule?.configuration ?? {}) },
      ...(run.resolvedConfiguration !== undefined ? { resolvedConfiguration: { ...run.resolvedConfiguration } } : {}),
      ...(rule?.region !== undefined ? { region: rule.region } : {}),
      ...(rule?.roleArn !== undefined ? { roleArn: rule.roleArn } : {}),
      inputArtifacts: (rule?.inputArtifacts ?? []).map((input) => {
        const ref = execution.artifacts[input.name];
        return { name: input.name, ...(ref !== undefined ? { bucket: ref.bucket, key: ref.key } : {}) };
      }),
      ...(run.summary !== undefined ? { summary: run.summary } : {}),
      ...(run.externalExecutionId !== undefined ? { externalExecutionId: run.externalExecutionId } : {}),
      ...(run.externalExecutionUrl !== undefined ? { externalExecutionUrl: run.externalExecutionUrl } : {}),
      ...(run.errorDetails !== undefined ? { errorDetails: { ...run.errorDetails } } : {}),
      ...(run.updatedBy !== undefined ? { updatedBy: run.updatedBy } : {}),
    },
  };
}
