import type { ActionTypeSpec, ArtifactCountBounds } from '../../core/action-types/types.js';
import type { RuleTypeSpec } from '../../core/rule-types/types.js';
import type * as wire from '../wire/shapes.js';

/**
 * The model's ArtifactDetails (ListActionTypes, ListRuleTypes) count at most 5 artifacts; a type that
 * takes more (the Commands action: 10 inputs) is listed at that maximum. GetActionType's declaration
 * form counts up to 10 and shows the real bounds.
 */
const listedArtifactMaximum = 5;

function listedBounds(bounds: ArtifactCountBounds): wire.ArtifactDetails {
  return { minimumCount: Math.min(bounds.minimumCount, listedArtifactMaximum), maximumCount: Math.min(bounds.maximumCount, listedArtifactMaximum) };
}

/**
 * The model lists at most 10 configuration properties of an action type (ActionConfigurationPropertyList,
 * ActionTypeProperties), yet AWS documents more for three of its own types (DeviceFarm 22,
 * CodeDeployToECS 14 with its image placeholders, CloudFormationStackSet 13). The listing keeps to the
 * model: the required properties, then the optional ones in the documented order, up to 10.
 * Declarations are still checked against every documented property.
 */
const listedPropertyMaximum = 10;

function listedProperties(spec: ActionTypeSpec): ActionTypeSpec['configurationProperties'] {
  const properties = spec.configurationProperties;
  if (properties.length <= listedPropertyMaximum) return properties;
  return [...properties.filter((property) => property.required), ...properties.filter((property) => !property.required)].slice(0, listedPropertyMaximum);
}

/** An action type as ListActionTypes and CreateCustomActionType return it. */
export function presentActionType(spec: ActionTypeSpec): wire.ActionType {
  return {
    id: { ...spec.id },
    settings: { ...spec.settings },
    actionConfigurationProperties: listedProperties(spec).map((property) => ({
      name: property.name,
      required: property.required,
      key: property.key,
      secret: property.secret,
      queryable: property.queryable ?? false,
      ...(property.description !== undefined ? { description: property.description } : {}),
      ...(property.type !== undefined ? { type: property.type } : {}),
    })),
    inputArtifactDetails: listedBounds(spec.inputArtifacts),
    outputArtifactDetails: listedBounds(spec.outputArtifacts),
  };
}

/** The bounds of the executor's jobTimeout in the model (seconds). */
const jobTimeoutRange = { min: 60, max: 43_200 };

/**
 * An action type in the declaration form of the newer integration model (GetActionType). Pipewright
 * runs AWS's types itself: the executor is the built-in job worker that polls on behalf of the
 * service, every account may use them, and the job timeout is the type's default when it fits the
 * model's range (approvals wait days, longer than any executor timeout, and leave it out).
 */
export function presentActionTypeDeclaration(spec: ActionTypeSpec): wire.ActionTypeDeclaration {
  const timeoutSeconds = spec.defaultTimeoutMinutes * 60;
  const { thirdPartyConfigurationUrl, entityUrlTemplate, executionUrlTemplate, revisionUrlTemplate } = spec.settings;
  const urls: wire.ActionTypeUrls = {
    ...(thirdPartyConfigurationUrl !== undefined ? { configurationUrl: thirdPartyConfigurationUrl } : {}),
    ...(entityUrlTemplate !== undefined ? { entityUrlTemplate } : {}),
    ...(executionUrlTemplate !== undefined ? { executionUrlTemplate } : {}),
    ...(revisionUrlTemplate !== undefined ? { revisionUrlTemplate } : {}),
  };
  return {
    id: { category: spec.id.category, owner: spec.id.owner, provider: spec.id.provider, version: spec.id.version },
    description: spec.description,
    executor: {
      type: 'JobWorker',
      configuration: { jobWorkerExecutorConfiguration: { pollingServicePrincipals: ['codepipeline.amazonaws.com'] } },
      ...(timeoutSeconds >= jobTimeoutRange.min && timeoutSeconds <= jobTimeoutRange.max ? { jobTimeout: timeoutSeconds } : {}),
    },
    inputArtifactDetails: { ...spec.inputArtifacts },
    outputArtifactDetails: { ...spec.outputArtifacts },
    permissions: { allowedAccounts: ['*'] },
    properties: listedProperties(spec).map((property) => ({
      name: property.name,
      optional: !property.required,
      key: property.key,
      noEcho: property.secret,
      queryable: property.queryable ?? false,
      ...(property.description !== undefined ? { description: property.description } : {}),
    })),
    ...(Object.keys(urls).length > 0 ? { urls } : {}),
  };
}

/** A rule type as ListRuleTypes returns it. */
export function presentRuleType(spec: RuleTypeSpec): wire.RuleType {
  return {
    id: { ...spec.id },
    settings: {},
    ruleConfigurationProperties: spec.configurationProperties.map((property) => ({
      name: property.name,
      required: property.required,
      key: property.key,
      secret: property.secret,
      queryable: property.queryable,
      description: property.description,
      type: property.type,
    })),
    inputArtifactDetails: listedBounds(spec.inputArtifacts),
  };
}
