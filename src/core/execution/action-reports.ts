import type { ActionFailed, ActionProgress, ActionRunKey, ActionSucceeded } from './events.js';
import type { ActionExecutionState } from './state.js';
import { declarationOf, stageOf, touch, type DraftExecution, type Step } from './step.js';
import type { Draft } from 'immer';

/**
 * Reports from the work of an action. A report about a run that is no longer in progress (abandoned,
 * timed out, superseded by a retry) is stale: it changes nothing and the caller learns it was ignored.
 */
export function actionSucceeded(step: Step, event: ActionSucceeded): boolean {
  const found = findRun(step, event);
  if (found === undefined) return false;
  const { execution, run } = found;
  const now = step.context.now;
  const action = stageOf(declarationOf(step, execution), event.stageName)?.actions.find((candidate) => candidate.name === event.actionName);
  const missing = (action?.outputArtifacts ?? []).filter((output) => event.outputArtifacts?.[output.name] === undefined).map((output) => output.name);
  if (missing.length > 0) {
    return actionFailed(step, {
      ...event,
      type: 'ActionFailed',
      failureType: 'JobFailed',
      message: `The action finished without producing its output artifact${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`,
    });
  }
  run.status = 'Succeeded';
  run.updatedAt = now;
  delete run.deadline;
  assignOptional(run, event);
  if (event.outputVariables !== undefined) run.outputVariables = event.outputVariables;
  if (event.outputArtifacts !== undefined) run.outputArtifacts = event.outputArtifacts;
  if (event.revision !== undefined) run.revision = event.revision;
  if (event.reports !== undefined) run.reports = event.reports as Draft<typeof event.reports>;

  for (const output of action?.outputArtifacts ?? []) {
    const ref = event.outputArtifacts?.[output.name];
    if (ref === undefined) continue;
    execution.artifacts[output.name] = ref;
    if (event.revision !== undefined) execution.artifactRevisions[output.name] = { ...event.revision, actionName: event.actionName };
  }
  if (action?.namespace !== undefined) execution.namespaces[action.namespace] = { ...(event.outputVariables ?? {}) };
  touch(step, execution);
  step.changes.push({ entity: 'action', ...key(event), state: 'SUCCEEDED', at: now });
  return true;
}

export function actionFailed(step: Step, event: ActionFailed): boolean {
  const found = findRun(step, event);
  if (found === undefined) return false;
  const { execution, run } = found;
  const now = step.context.now;
  run.status = 'Failed';
  run.updatedAt = now;
  delete run.deadline;
  run.errorDetails = { code: event.failureType, message: event.message };
  assignOptional(run, event);
  if (event.reports !== undefined) run.reports = event.reports as Draft<typeof event.reports>;
  touch(step, execution);
  step.changes.push({ entity: 'action', ...key(event), state: 'FAILED', at: now });
  return true;
}

export function actionProgress(step: Step, event: ActionProgress): boolean {
  const found = findRun(step, event);
  if (found === undefined) return false;
  const { execution, run } = found;
  run.updatedAt = step.context.now;
  if (event.summary !== undefined) run.summary = event.summary;
  if (event.percentComplete !== undefined) run.percentComplete = event.percentComplete;
  if (event.externalExecutionId !== undefined) run.externalExecutionId = event.externalExecutionId;
  if (event.externalExecutionUrl !== undefined) run.externalExecutionUrl = event.externalExecutionUrl;
  touch(step, execution);
  return true;
}

/** The run a report is about, if it is still in progress: a stale report changes nothing (rule 8). */
function findRun(step: Step, event: ActionRunKey): { execution: DraftExecution; run: Draft<ActionExecutionState> } | undefined {
  const execution = step.state.executions[event.executionId];
  const run = execution?.stages[event.stageName]?.actions[event.actionName];
  if (execution === undefined || run === undefined) return undefined;
  if (run.actionExecutionId !== event.actionExecutionId || run.status !== 'InProgress') return undefined;
  return { execution, run };
}

function assignOptional(
  run: Draft<ActionExecutionState>,
  event: { summary?: string; externalExecutionId?: string; externalExecutionUrl?: string; by?: string },
): void {
  if (event.summary !== undefined) run.summary = event.summary;
  if (event.externalExecutionId !== undefined) run.externalExecutionId = event.externalExecutionId;
  if (event.externalExecutionUrl !== undefined) run.externalExecutionUrl = event.externalExecutionUrl;
  if (event.by !== undefined) run.updatedBy = event.by;
}

function key(event: ActionRunKey): ActionRunKey {
  return { executionId: event.executionId, stageName: event.stageName, actionName: event.actionName, actionExecutionId: event.actionExecutionId };
}
