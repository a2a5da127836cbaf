import type { ActionCategory, ActionOwner } from '../../declaration/types.js';
import type { ActionConfigurationPropertySpec, ActionTypeSpec, ArtifactCountBounds } from '../types.js';

/**
 * The vocabulary of the catalogue's entries. AWS's pages say of each configuration parameter only
 * whether it is required; ListActionTypes adds key, secret and queryable. AWS's own listing (API
 * reference, ListActionTypes example) marks the parameters that identify the resource acted on as
 * keys and the rest not; no AWS-owned parameter is queryable (queryable serves custom job workers).
 */
type PropertyFlags = { key?: boolean; secret?: boolean; type?: 'String' | 'Number' | 'Boolean' };

function property(name: string, required: boolean, description: string, flags: PropertyFlags): ActionConfigurationPropertySpec {
  return {
    name,
    required,
    key: flags.key ?? required,
    secret: flags.secret ?? false,
    queryable: false,
    description,
    type: flags.type ?? 'String',
  };
}

/** A parameter AWS documents as "Required: Yes". */
export function required(name: string, description: string, flags: PropertyFlags = {}): ActionConfigurationPropertySpec {
  return property(name, true, description, flags);
}

/** A parameter AWS documents as "Required: No" or "Required: Conditional" (the condition is in the description). */
export function optional(name: string, description: string, flags: PropertyFlags = {}): ActionConfigurationPropertySpec {
  return property(name, false, description, flags);
}

export function bounds(minimumCount: number, maximumCount: number = minimumCount): ArtifactCountBounds {
  return { minimumCount, maximumCount };
}

export const minutes = 1;
export const hours = 60 * minutes;
export const days = 24 * hours;

/**
 * "All other actions: 1 hour" (Quotas in AWS CodePipeline, "Length of time before an action times
 * out"); the types with a default of their own say so in their entry.
 */
export const defaultActionTimeout = 1 * hours;

export const userGuide = 'https://docs.aws.amazon.com/codepipeline/latest/userguide';

/** One entry of the catalogue: an action type as AWS documents it. */
export function actionType(entry: {
  category: ActionCategory;
  owner?: ActionOwner;
  provider: string;
  description: string;
  documentation: string;
  properties: ActionConfigurationPropertySpec[];
  inputArtifacts: ArtifactCountBounds;
  outputArtifacts: ArtifactCountBounds;
  defaultTimeoutMinutes?: number;
  v2Only?: boolean;
  acceptsCommands?: boolean;
  acceptsTimeoutInMinutes?: boolean;
  crossRegion?: boolean;
}): ActionTypeSpec {
  return {
    id: { category: entry.category, owner: entry.owner ?? 'AWS', provider: entry.provider, version: '1' },
    description: entry.description,
    // AWS's settings are links into the AWS console; Pipewright's actions have no page there.
    settings: {},
    configurationProperties: entry.properties,
    inputArtifacts: entry.inputArtifacts,
    outputArtifacts: entry.outputArtifacts,
    defaultTimeoutMinutes: entry.defaultTimeoutMinutes ?? defaultActionTimeout,
    v2Only: entry.v2Only ?? false,
    acceptsCommands: entry.acceptsCommands ?? false,
    acceptsTimeoutInMinutes: entry.acceptsTimeoutInMinutes ?? false,
    ...(entry.crossRegion !== undefined ? { crossRegion: entry.crossRegion } : {}),
    documentation: entry.documentation,
  };
}
