import { awsActionType } from '../core/action-types/lookup.js';
import type { ActionTypeSpec } from '../core/action-types/types.js';
import { parsePipelineFile, type PipelineFile } from '../core/declaration/parse-pipeline-file.js';
import { actionTypeKey, type ActionTypeId, type PipelineDeclaration } from '../core/declaration/types.js';
import { validatePipelineDeclaration } from '../core/declaration/validate-pipeline.js';
import { validateInput } from '../api/protocol/validate-input.js';

export interface OfflineCheckResult {
  /** The declaration as the server would store it (pipelineType, executionMode, runOrders filled in). */
  pipeline: PipelineDeclaration;
  /** Custom and registered third-party action types: only a server knows them, so their actions were not checked against them. */
  uncheckedActionTypes: ActionTypeId[];
}

/**
 * The checks CreatePipeline runs on a definition, without a server (`pipewright validate`): the file
 * read with positions in its errors, the request checked against AWS's model (each problem at its
 * path, e.g. `pipeline.stages.2.member.actions.1.member.name`), then the whole declaration validated as
 * the server validates it, naming the stage, action and field at fault. Throws PipelineFileError or the
 * PipewrightError the server would answer with.
 *
 * It lives in the composition root because it composes the protocol layer's model check with the
 * domain's validation; the CLI may import neither api/ nor engine/ directly.
 */
export function checkPipelineDefinitionOffline(text: string, source: string, region: string): OfflineCheckResult {
  return checkPipelineFileOffline(parsePipelineFile(text, source), region);
}

/** The same checks on a definition already read (a pipeline translated from a template, for one). */
export function checkPipelineFileOffline(file: PipelineFile, region: string): OfflineCheckResult {
  const input = validateInput('CreatePipelineInput', file) as { pipeline: PipelineDeclaration };
  const unchecked = uncheckedTypes(input.pipeline);
  const stand = standIns(input.pipeline, unchecked);
  const pipeline = validatePipelineDeclaration(input.pipeline, {
    actionTypes: (id) => awsActionType(id) ?? stand.get(actionTypeKey(id)),
    region,
  });
  return { pipeline, uncheckedActionTypes: unchecked };
}

function uncheckedTypes(declaration: PipelineDeclaration): ActionTypeId[] {
  const found = new Map<string, ActionTypeId>();
  for (const stage of declaration.stages) {
    for (const action of stage.actions) {
      if (awsActionType(action.actionTypeId) === undefined && action.actionTypeId.owner !== 'AWS') found.set(actionTypeKey(action.actionTypeId), action.actionTypeId);
    }
  }
  return [...found.values()];
}

/**
 * Lenient specs for the types only a server knows: every configuration key their actions use is
 * accepted and artifact counts are left to the server, so the rest of the declaration is still checked.
 */
function standIns(declaration: PipelineDeclaration, types: ActionTypeId[]): Map<string, ActionTypeSpec> {
  const specs = new Map<string, ActionTypeSpec>();
  for (const id of types) {
    const keys = new Set<string>();
    for (const stage of declaration.stages) {
      for (const action of stage.actions) {
        if (actionTypeKey(action.actionTypeId) === actionTypeKey(id)) Object.keys(action.configuration ?? {}).forEach((key) => keys.add(key));
      }
    }
    specs.set(actionTypeKey(id), {
      id,
      description: `${id.owner} action type (checked by the server)`,
      settings: {},
      configurationProperties: [...keys].map((name) => ({ name, required: false, key: false, secret: false })),
      inputArtifacts: { minimumCount: 0, maximumCount: 5 },
      outputArtifacts: { minimumCount: 0, maximumCount: 5 },
      defaultTimeoutMinutes: 60,
      v2Only: false,
      acceptsCommands: false,
      acceptsTimeoutInMinutes: false,
    });
  }
  return specs;
}
