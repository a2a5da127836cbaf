import type { ActionCategory } from '../declaration/types.js';
import { PipewrightError } from '../errors/index.js';
import { checkCustomActionTypeDefinition } from './check-custom-action-type.js';
import type { ActionTypeSpec } from './types.js';

/**
 * A partner action type (owner ThirdParty). On AWS a partner has AWS register the type, then keeps it
 * current with UpdateActionType. Pipewright's registration desk is a file of the data directory
 * (`<data-dir>/third-party-action-types.json`, read at start: types not yet known are registered);
 * UpdateActionType then changes them as on AWS. Their jobs are served to the partner's job workers by
 * PollForThirdPartyJobs and the other ThirdParty job operations.
 */
export interface ThirdPartyActionTypeRecord extends Omit<ActionTypeSpec, 'id' | 'defaultTimeoutMinutes' | 'v2Only' | 'acceptsCommands' | 'acceptsTimeoutInMinutes'> {
  category: ActionCategory;
  provider: string;
  version: string;
  /** The executor's jobTimeout (seconds): how long one job may run. */
  jobTimeoutSeconds?: number;
  created: number;
  updated: number;
}

/** An action type declaration of the integration model (UpdateActionType, GetActionType), as far as Pipewright reads it. */
export interface ActionTypeDeclarationInput {
  id: { category: ActionCategory; owner: string; provider: string; version: string };
  description?: string;
  executor: { type: string; jobTimeout?: number };
  inputArtifactDetails: { minimumCount: number; maximumCount: number };
  outputArtifactDetails: { minimumCount: number; maximumCount: number };
  properties?: { name: string; optional: boolean; key: boolean; noEcho: boolean; queryable?: boolean; description?: string }[];
  urls?: { configurationUrl?: string; entityUrlTemplate?: string; executionUrlTemplate?: string; revisionUrlTemplate?: string };
}

/** AWS's default action timeout, for a type whose executor names no jobTimeout. */
const defaultTimeoutMinutes = 60;

/**
 * The record of a third-party type from its declaration. Its jobs go to job workers, so its executor
 * must be a JobWorker; its properties follow the rules of custom action types (at most one queryable
 * property, required and not secret; URL templates naming required, non-secret properties).
 */
export function thirdPartyRecordFrom(declaration: ActionTypeDeclarationInput, now: number): ThirdPartyActionTypeRecord {
  const { category, owner, provider, version } = declaration.id;
  const name = `${category}/${owner}/${provider}/${version}`;
  if (owner !== 'ThirdParty') throw new PipewrightError('ValidationException', `The action type ${name} is not owned by ThirdParty.`);
  if (declaration.executor.type !== 'JobWorker') {
    throw new PipewrightError('ValidationException', `The action type ${name} has a ${declaration.executor.type} executor: Pipewright serves third-party action types to job workers only.`);
  }
  const { configurationUrl, entityUrlTemplate, executionUrlTemplate, revisionUrlTemplate } = declaration.urls ?? {};
  const record: ThirdPartyActionTypeRecord = {
    category,
    provider,
    version,
    description: declaration.description ?? `Third-party action ${name}`,
    settings: {
      ...(configurationUrl !== undefined ? { thirdPartyConfigurationUrl: configurationUrl } : {}),
      ...(entityUrlTemplate !== undefined ? { entityUrlTemplate } : {}),
      ...(executionUrlTemplate !== undefined ? { executionUrlTemplate } : {}),
      ...(revisionUrlTemplate !== undefined ? { revisionUrlTemplate } : {}),
    },
    configurationProperties: (declaration.properties ?? []).map((property) => ({
      name: property.name,
      required: !property.optional,
      key: property.key,
      secret: property.noEcho,
      queryable: property.queryable ?? false,
      ...(property.description !== undefined ? { description: property.description } : {}),
      type: 'String' as const,
    })),
    inputArtifacts: { ...declaration.inputArtifactDetails },
    outputArtifacts: { ...declaration.outputArtifactDetails },
    ...(declaration.executor.jobTimeout !== undefined ? { jobTimeoutSeconds: declaration.executor.jobTimeout } : {}),
    created: now,
    updated: now,
  };
  checkCustomActionTypeDefinition(record);
  return record;
}

export function thirdPartyActionTypeSpec(record: ThirdPartyActionTypeRecord): ActionTypeSpec {
  return {
    id: { category: record.category, owner: 'ThirdParty', provider: record.provider, version: record.version },
    description: record.description,
    settings: record.settings,
    configurationProperties: record.configurationProperties,
    inputArtifacts: record.inputArtifacts,
    outputArtifacts: record.outputArtifacts,
    defaultTimeoutMinutes: record.jobTimeoutSeconds !== undefined ? Math.ceil(record.jobTimeoutSeconds / 60) : defaultTimeoutMinutes,
    v2Only: false,
    acceptsCommands: false,
    acceptsTimeoutInMinutes: false,
  };
}
