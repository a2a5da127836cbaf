import { PipewrightError } from '../errors/index.js';
import { actionLabel, type PlacedAction } from './declaration-walk.js';
import { executionNamespace, pipelineVariablesNamespace } from './variable-references.js';

const reservedNamespaces: readonly string[] = [executionNamespace, pipelineVariablesNamespace];

/**
 * Variable namespaces (user guide, "Variables reference"): unique in the pipeline, never the name of
 * an artifact, and never one of the reserved namespaces `codepipeline` and `variables`. Returns the
 * action declaring each namespace.
 */
export function checkNamespaces(actions: readonly PlacedAction[], artifactNames: ReadonlySet<string>): Map<string, PlacedAction> {
  const declared = new Map<string, PlacedAction>();
  for (const placed of actions) {
    const namespace = placed.action.namespace;
    if (namespace === undefined) continue;
    const where = actionLabel(placed);
    if (reservedNamespaces.includes(namespace)) {
      throw new PipewrightError('InvalidActionDeclarationException', `The namespace ${namespace} of ${where} is reserved by CodePipeline; choose another name.`);
    }
    const earlier = declared.get(namespace);
    if (earlier !== undefined) {
      throw new PipewrightError(
        'InvalidActionDeclarationException',
        `The namespace ${namespace} of ${where} is already declared by ${actionLabel(earlier)}; namespaces must be unique in the pipeline.`,
      );
    }
    if (artifactNames.has(namespace)) {
      throw new PipewrightError(
        'InvalidActionDeclarationException',
        `The namespace ${namespace} of ${where} is also the name of an artifact; a namespace cannot share its name with an artifact.`,
      );
    }
    declared.set(namespace, placed);
  }
  return declared;
}
