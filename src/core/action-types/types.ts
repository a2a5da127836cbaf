import type { ActionTypeId } from '../declaration/types.js';

/** One configuration property of an action type, as ListActionTypes describes it. */
export interface ActionConfigurationPropertySpec {
  name: string;
  required: boolean;
  key: boolean;
  secret: boolean;
  queryable?: boolean;
  description?: string;
  type?: 'String' | 'Number' | 'Boolean';
}

export interface ArtifactCountBounds {
  minimumCount: number;
  maximumCount: number;
}

export interface ActionTypeSettings {
  thirdPartyConfigurationUrl?: string;
  entityUrlTemplate?: string;
  executionUrlTemplate?: string;
  revisionUrlTemplate?: string;
}

/** What Pipewright knows of an action type: its public description plus how it is run. */
export interface ActionTypeSpec {
  id: ActionTypeId;
  description: string;
  settings: ActionTypeSettings;
  configurationProperties: ActionConfigurationPropertySpec[];
  inputArtifacts: ArtifactCountBounds;
  outputArtifacts: ArtifactCountBounds;
  /** The action's default timeout, as AWS documents it for this provider. */
  defaultTimeoutMinutes: number;
  /** Only usable in V2 pipelines (for example the Commands action). */
  v2Only: boolean;
  /** Action-level fields this type accepts beyond configuration (AWS refuses them on other types). */
  acceptsCommands: boolean;
  acceptsTimeoutInMinutes: boolean;
  /**
   * Whether an action of this type may run in a region other than the pipeline's (`region` on the
   * action, with a store for that region in `artifactStores`). AWS refuses cross-region source,
   * third-party and custom actions; Amazon S3 sources are the exception (see check-action-regions.ts).
   * Left out, the rule is derived from the owner and category.
   */
  crossRegion?: boolean;
  /** The AWS documentation page this entry was checked against. */
  documentation?: string;
}
