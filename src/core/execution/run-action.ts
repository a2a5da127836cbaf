import { castDraft } from 'immer';
import type { ActionDeclaration, EnvironmentVariableDeclaration } from '../declaration/types.js';
import { actionTypeKey } from '../declaration/types.js';
import { resolveRecord, resolveValue, type Resolution } from './resolve-variables.js';
import type { ActionExecutionState, ExecutionState } from './state.js';
import { touch, type DraftExecution, type Step } from './step.js';

const defaultTimeoutMinutes = 60;

/**
 * Starts one action of a stage: resolves its variables, sets its deadline, and asks for its work
 * (or, for a manual approval, hands out the token people answer with). An action whose variables
 * cannot be resolved, or whose input artifacts are missing, fails at once with the reason.
 */
export function startAction(step: Step, execution: DraftExecution, stageName: string, action: ActionDeclaration, runOrder: number): void {
  const { now, newId, actionTypes } = step.context;
  const stage = execution.stages[stageName];
  if (stage === undefined) throw new Error(`Execution ${execution.id} has not entered stage ${stageName}`);
  const actionExecutionId = newId();
  const spec = actionTypes(action.actionTypeId);
  const timeoutMinutes = action.timeoutInMinutes ?? spec?.defaultTimeoutMinutes ?? defaultTimeoutMinutes;
  const resolution = resolveAction(execution, action);
  const entry: ActionExecutionState = {
    actionExecutionId,
    status: 'InProgress',
    runOrder,
    startedAt: now,
    updatedAt: now,
    deadline: now + timeoutMinutes * 60_000,
    ...(resolution.ok ? resolution.value : {}),
  };
  stage.actions[action.name] = castDraft(entry);
  touch(step, execution);
  step.changes.push({ entity: 'action', executionId: execution.id, stageName, actionName: action.name, actionExecutionId, state: 'STARTED', at: now });

  const problem = !resolution.ok
    ? resolution.message
    : (missingInput(execution, action) ??
      (spec === undefined ? `The action type ${actionTypeKey(action.actionTypeId)} is not available any more.` : undefined));
  if (problem !== undefined) {
    failAtStart(step, execution, stageName, action.name, problem);
    return;
  }
  if (action.actionTypeId.category === 'Approval' && action.actionTypeId.provider === 'Manual') {
    const token = newId();
    const started = stage.actions[action.name];
    if (started !== undefined) started.token = token;
    step.effects.push({ type: 'ApprovalRequested', executionId: execution.id, stageName, actionName: action.name, token, expires: entry.deadline ?? now });
    return;
  }
  step.effects.push({ type: 'RunAction', executionId: execution.id, stageName, actionName: action.name, actionExecutionId });
}

type ResolvedAction = Pick<ActionExecutionState, 'resolvedConfiguration' | 'resolvedCommands' | 'resolvedEnvironmentVariables'>;

/** Resolves every field of the action that may hold variable references. */
function resolveAction(execution: Pick<ExecutionState, 'id' | 'variables' | 'namespaces'>, action: ActionDeclaration): Resolution<ResolvedAction> {
  const configuration = resolveRecord(action.configuration ?? {}, execution, (key) => `configuration key ${key} of action ${action.name}`);
  if (!configuration.ok) return configuration;
  const commands: string[] = [];
  for (const [index, command] of (action.commands ?? []).entries()) {
    const result = resolveValue(command, execution, `command ${index + 1} of action ${action.name}`);
    if (!result.ok) return result;
    commands.push(result.value);
  }
  const environmentVariables: EnvironmentVariableDeclaration[] = [];
  for (const variable of action.environmentVariables ?? []) {
    const result = resolveValue(variable.value, execution, `environment variable ${variable.name} of action ${action.name}`);
    if (!result.ok) return result;
    environmentVariables.push({ ...variable, value: result.value });
  }
  return {
    ok: true,
    value: {
      resolvedConfiguration: configuration.value,
      ...(action.commands !== undefined ? { resolvedCommands: commands } : {}),
      ...(action.environmentVariables !== undefined ? { resolvedEnvironmentVariables: environmentVariables } : {}),
    },
  };
}

function missingInput(execution: DraftExecution, action: ActionDeclaration): string | undefined {
  const missing = (action.inputArtifacts ?? []).find((input) => execution.artifacts[input.name] === undefined);
  return missing === undefined ? undefined : `The input artifact ${missing.name} of action ${action.name} was not produced in this execution.`;
}

function failAtStart(step: Step, execution: DraftExecution, stageName: string, actionName: string, message: string): void {
  const entry = execution.stages[stageName]?.actions[actionName];
  if (entry === undefined) return;
  entry.status = 'Failed';
  entry.errorDetails = { code: 'ConfigurationError', message };
  entry.updatedAt = step.context.now;
  delete entry.deadline;
  step.changes.push({
    entity: 'action',
    executionId: execution.id,
    stageName,
    actionName,
    actionExecutionId: entry.actionExecutionId,
    state: 'FAILED',
    at: step.context.now,
  });
}
