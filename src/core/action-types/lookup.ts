import type { ActionTypeId } from '../declaration/types.js';
import { actionTypeKey } from '../declaration/types.js';
import { awsActionTypes } from './aws-action-types.js';
import { customActionDefaultTimeoutMinutes, type CustomActionTypeRecord } from './custom.js';
import { thirdPartyActionTypeSpec, type ThirdPartyActionTypeRecord } from './third-party.js';
import type { ActionTypeSpec } from './types.js';

const awsByKey = new Map(awsActionTypes.map((spec) => [actionTypeKey(spec.id), spec]));

/** The AWS-owned action type Pipewright runs for `id`, if any. */
export function awsActionType(id: ActionTypeId): ActionTypeSpec | undefined {
  return awsByKey.get(actionTypeKey(id));
}

/** A live custom action type as the rest of the domain sees every action type. */
export function customActionTypeSpec(record: CustomActionTypeRecord): ActionTypeSpec {
  return {
    id: { category: record.category, owner: 'Custom', provider: record.provider, version: record.version },
    description: record.description ?? `Custom action ${record.category}/${record.provider}/${record.version}`,
    settings: record.settings,
    configurationProperties: record.configurationProperties,
    inputArtifacts: record.inputArtifacts,
    outputArtifacts: record.outputArtifacts,
    defaultTimeoutMinutes: record.jobTimeoutSeconds !== undefined ? Math.ceil(record.jobTimeoutSeconds / 60) : customActionDefaultTimeoutMinutes,
    v2Only: false,
    acceptsCommands: false,
    acceptsTimeoutInMinutes: false,
  };
}

/** Finds the spec of any action type a declaration may use: AWS-owned ones, then live custom and third-party ones. */
export type ActionTypeLookup = (id: ActionTypeId) => ActionTypeSpec | undefined;

/**
 * Declarations may use only live custom types; presenting a stored declaration (masking secrets)
 * also needs the deleted ones that older pipelines still name, hence `includeDeleted`.
 */
export function actionTypeLookup(
  customTypes: readonly CustomActionTypeRecord[],
  options: { includeDeleted?: boolean; thirdPartyTypes?: readonly ThirdPartyActionTypeRecord[] } = {},
): ActionTypeLookup {
  const custom = new Map(
    customTypes
      .filter((record) => options.includeDeleted === true || record.deletedAt === undefined)
      .map(customActionTypeSpec)
      .concat((options.thirdPartyTypes ?? []).map(thirdPartyActionTypeSpec))
      .map((spec) => [actionTypeKey(spec.id), spec] as const),
  );
  return (id) => awsActionType(id) ?? custom.get(actionTypeKey(id));
}
