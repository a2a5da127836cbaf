import { produce } from 'immer';
import { isActive } from './statuses.js';
import type { ConditionSetRun, ConditionType, ExecutionState, PipelineState, RuleRunState } from './state.js';

/**
 * What a decision changed, for the engine to persist: executions whose value changed (structural
 * sharing makes this a reference comparison), and within them the action runs that changed.
 */
export interface StateDiff {
  executions: ExecutionState[];
  actionRuns: ChangedActionRun[];
  ruleRuns: ChangedRuleRun[];
}

export interface ChangedRuleRun {
  execution: ExecutionState;
  stageName: string;
  conditionType: ConditionType;
  ruleName: string;
  run: RuleRunState;
}

export interface ChangedActionRun {
  execution: ExecutionState;
  stageName: string;
  actionName: string;
}

export function diffStates(before: PipelineState, after: PipelineState): StateDiff {
  const executions: ExecutionState[] = [];
  const actionRuns: ChangedActionRun[] = [];
  const ruleRuns: ChangedRuleRun[] = [];
  for (const [id, execution] of Object.entries(after.executions)) {
    const previous = before.executions[id];
    if (previous === execution) continue;
    executions.push(execution);
    for (const [stageName, stage] of Object.entries(execution.stages)) {
      const previousStage = previous?.stages[stageName];
      if (previousStage === stage) continue;
      for (const [actionName, run] of Object.entries(stage.actions)) {
        if (previousStage?.actions[actionName] !== run) actionRuns.push({ execution, stageName, actionName });
      }
      for (const [conditionType, set] of Object.entries(stage.conditions ?? {}) as [ConditionType, ConditionSetRun][]) {
        const previousSet = previousStage?.conditions?.[conditionType];
        if (previousSet === set) continue;
        const previousRuns = new Set(previousSet?.conditions.flatMap((condition) => Object.values(condition.rules)) ?? []);
        for (const condition of set.conditions) {
          for (const [ruleName, run] of Object.entries(condition.rules)) {
            if (!previousRuns.has(run)) ruleRuns.push({ execution, stageName, conditionType, ruleName, run });
          }
        }
      }
    }
  }
  return { executions, actionRuns, ruleRuns };
}

/**
 * Keeps in memory only what decisions need: active executions, the latest execution of each stage (it
 * may be retried), the last that succeeded in each (a rollback target), and the declarations they run
 * on. Everything else is in the store already. Only ended executions are dropped: the positions index of
 * `state` is that of the result too.
 */
export function retain(state: PipelineState): PipelineState {
  const latest = new Set([...Object.values(state.stageLatest), ...Object.values(state.stageLastSucceeded)]);
  const keep = (execution: ExecutionState): boolean => isActive(execution.status) || latest.has(execution.id);
  const versions = new Set(Object.values(state.executions).filter(keep).map((execution) => execution.pipelineVersion));
  const dropExecutions = Object.values(state.executions).filter((execution) => !keep(execution));
  const dropVersions = Object.keys(state.olderDeclarations).filter((version) => !versions.has(Number(version)));
  if (dropExecutions.length === 0 && dropVersions.length === 0) return state;
  return produce(state, (draft) => {
    for (const execution of dropExecutions) delete draft.executions[execution.id];
    for (const version of dropVersions) delete draft.olderDeclarations[Number(version)];
  });
}
