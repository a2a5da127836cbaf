import type { ActionCategory } from '../declaration/types.js';
import type { ActionConfigurationPropertySpec, ActionTypeSettings, ArtifactCountBounds } from './types.js';

/** A custom action type (owner Custom) is identified by category, provider and version. */
export interface CustomActionTypeKey {
  category: ActionCategory;
  provider: string;
  version: string;
}

export interface CustomActionTypeRecord extends CustomActionTypeKey {
  settings: ActionTypeSettings;
  configurationProperties: ActionConfigurationPropertySpec[];
  inputArtifacts: ArtifactCountBounds;
  outputArtifacts: ArtifactCountBounds;
  /** The newer action-type model's fields (UpdateActionType), kept verbatim. */
  description?: string;
  jobTimeoutSeconds?: number;
  created: number;
  deletedAt?: number;
}

/** AWS's default timeout for custom actions. */
export const customActionDefaultTimeoutMinutes = 24 * 60;
