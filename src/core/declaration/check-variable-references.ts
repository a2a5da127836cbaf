import { PipewrightError, type ErrorCode } from '../errors/index.js';
import { actionLabel, runsBefore, type PlacedAction } from './declaration-walk.js';
import { lastStageVisibleTo, placedRules, ruleLabel } from './stage-conditions.js';
import type { PipelineDeclaration } from './types.js';
import { executionNamespace, executionVariables, findVariableReferences, pipelineVariablesNamespace, type VariableReference } from './variable-references.js';

/** Where a variable can be read, and which producing actions have run by then. */
interface Reader {
  label: string;
  code: ErrorCode;
  field: string;
  sawProducer: (producer: PlacedAction) => boolean;
}

/**
 * Every `#{Namespace.Variable}` must be resolvable when its action or rule runs: an action namespace
 * declared by an action guaranteed to have run before (an earlier stage, or a lower runOrder in the
 * same stage; for a rule, the stages its condition can see), a declared pipeline variable for
 * `#{variables.X}`, or `#{codepipeline.PipelineExecutionId}`. References are read in action
 * configuration values, commands and environment variables, and in rule configuration and commands.
 */
export function checkVariableReferences(declaration: PipelineDeclaration, actions: readonly PlacedAction[], namespaces: ReadonlyMap<string, PlacedAction>): void {
  const pipelineVariables = new Set((declaration.variables ?? []).map((variable) => variable.name));
  const check = (text: string, reader: Reader): void => {
    for (const reference of findVariableReferences(text)) checkReference(reference, reader, pipelineVariables, namespaces);
  };
  for (const placed of actions) {
    const { action } = placed;
    const reader = (field: string): Reader => ({
      label: actionLabel(placed),
      code: 'InvalidActionDeclarationException',
      field,
      sawProducer: (producer) => runsBefore(producer, placed),
    });
    for (const [key, value] of Object.entries(action.configuration ?? {})) check(value, reader(`configuration ${key}`));
    (action.commands ?? []).forEach((command, index) => {
      check(command, reader(`command ${index + 1}`));
    });
    for (const variable of action.environmentVariables ?? []) check(variable.value, reader(`environment variable ${variable.name}`));
  }
  for (const placed of placedRules(declaration.stages)) {
    const lastStage = lastStageVisibleTo(placed);
    const reader = (field: string): Reader => ({
      label: ruleLabel(placed),
      code: 'InvalidStageDeclarationException',
      field,
      sawProducer: (producer) => producer.stageIndex <= lastStage,
    });
    for (const [key, value] of Object.entries(placed.rule.configuration ?? {})) check(value, reader(`configuration ${key}`));
    (placed.rule.commands ?? []).forEach((command, index) => {
      check(command, reader(`command ${index + 1}`));
    });
  }
}

function checkReference(reference: VariableReference, reader: Reader, pipelineVariables: ReadonlySet<string>, namespaces: ReadonlyMap<string, PlacedAction>): void {
  const where = `${reference.token} in the ${reader.field} of ${reader.label}`;
  if (reference.namespace === pipelineVariablesNamespace) {
    if (!pipelineVariables.has(reference.variable)) {
      throw new PipewrightError(reader.code, `The variable reference ${where} names the pipeline variable ${reference.variable}, which the pipeline does not declare.`);
    }
    return;
  }
  if (reference.namespace === executionNamespace) {
    if (!executionVariables.includes(reference.variable)) {
      throw new PipewrightError(
        reader.code,
        `The variable reference ${where} names ${reference.variable} in the codepipeline namespace, which provides only ${executionVariables.join(', ')}.`,
      );
    }
    return;
  }
  const producer = namespaces.get(reference.namespace);
  if (producer === undefined) {
    throw new PipewrightError(reader.code, `The variable reference ${where} names the namespace ${reference.namespace}, which no action of the pipeline declares.`);
  }
  if (!reader.sawProducer(producer)) {
    throw new PipewrightError(
      reader.code,
      `The variable reference ${where} names the namespace ${reference.namespace} of ${actionLabel(producer)}, which does not run before it; the producing action must be in an earlier stage or at a lower runOrder in the same stage.`,
    );
  }
}
