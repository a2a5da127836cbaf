import { castDraft } from 'immer';
import { PipewrightError } from '../errors/index.js';
import { executionModeOf } from '../declaration/types.js';
import type { StartExecution } from './events.js';
import { arriveAt } from './stage-entry.js';
import type { ExecutionState } from './state.js';
import { currentDeclaration, nextSequence, type DraftExecution, type Step } from './step.js';

/** A new execution on the current definition, arriving in front of the first stage (rule 9: within the limit). */
export function startExecution(step: Step, event: StartExecution): void {
  const { state, context } = step;
  const declaration = currentDeclaration(step);
  if (step.positions.activeCount >= context.maxConcurrentExecutions) {
    throw new PipewrightError(
      'ConcurrentPipelineExecutionsLimitExceededException',
      `Pipeline ${state.pipelineName} already has ${context.maxConcurrentExecutions} executions in progress, the most allowed at once.`,
    );
  }
  const variables = resolveStartVariables(declaration.variables ?? [], event.variables ?? [], event.trigger.triggerType === 'StartPipelineExecution');
  const sourceActions = new Set(declaration.stages[0]?.actions.map((action) => action.name));
  for (const override of event.sourceRevisions ?? []) {
    if (!sourceActions.has(override.actionName)) {
      throw new PipewrightError('ValidationException', `sourceRevisions names ${override.actionName}, which is not a source action of ${state.pipelineName}.`);
    }
  }
  const firstStage = declaration.stages[0];
  if (firstStage === undefined) throw new Error(`Pipeline ${state.pipelineName} has no stages`);

  const execution: ExecutionState = {
    id: event.executionId,
    pipelineVersion: step.declarations.current.version,
    mode: executionModeOf(declaration),
    type: 'STANDARD',
    status: 'InProgress',
    trigger: event.trigger,
    startedAt: context.now,
    updatedAt: context.now,
    startSequence: nextSequence(step),
    position: { kind: 'done' },
    variables,
    sourceRevisionOverrides: event.sourceRevisions ?? [],
    namespaces: {},
    artifacts: {},
    artifactRevisions: {},
    stages: {},
  };
  state.executions[execution.id] = castDraft(execution);
  step.changes.push({ entity: 'pipeline', executionId: execution.id, state: 'STARTED', at: context.now });
  arriveAt(step, state.executions[execution.id] as DraftExecution, firstStage.name);
}

/**
 * Pipeline-level variables of the execution: declared ones only, the given value or else the default.
 * An explicit start must give a value to every variable that has no default.
 */
function resolveStartVariables(
  declared: readonly { name: string; defaultValue?: string }[],
  given: readonly { name: string; value: string }[],
  explicitStart: boolean,
): Record<string, string> {
  const known = new Map(declared.map((variable) => [variable.name, variable]));
  const values: Record<string, string> = {};
  for (const variable of given) {
    if (!known.has(variable.name)) {
      const names = [...known.keys()];
      throw new PipewrightError(
        'ValidationException',
        `Variable ${variable.name} is not declared by the pipeline${names.length > 0 ? ` (declared: ${names.join(', ')})` : ' (it declares none)'}.`,
      );
    }
    if (Object.hasOwn(values, variable.name)) throw new PipewrightError('ValidationException', `Variable ${variable.name} is given twice.`);
    values[variable.name] = variable.value;
  }
  for (const variable of declared) {
    if (Object.hasOwn(values, variable.name)) continue;
    if (variable.defaultValue !== undefined) values[variable.name] = variable.defaultValue;
    else if (explicitStart) {
      throw new PipewrightError('ValidationException', `Variable ${variable.name} has no default value: give it a value to start the pipeline.`);
    }
  }
  return values;
}
