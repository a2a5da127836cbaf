/**
 * The tables as the store's queries see them. Migrations never import this file: each migration keeps
 * its own copy of the shapes it creates, so it stays frozen in time while this file follows the code.
 * Times are epoch milliseconds; JSON documents are text.
 */
export interface Database {
  pipelines: PipelinesTable;
  pipeline_versions: PipelineVersionsTable;
  tags: TagsTable;
  custom_action_types: CustomActionTypesTable;
  parameters: ParametersTable;
  secrets: SecretsTable;
  secret_versions: SecretVersionsTable;
  secret_version_stages: SecretVersionStagesTable;
}

export interface PipelinesTable {
  name: string;
  version: number;
  pipeline_type: string;
  execution_mode: string;
  created: number;
  updated: number;
  polling_disabled_at: number | null;
}

export interface PipelineVersionsTable {
  pipeline_name: string;
  version: number;
  declaration: string;
  created: number;
}

export interface TagsTable {
  resource_arn: string;
  key: string;
  value: string;
  position: number;
}

export interface CustomActionTypesTable {
  category: string;
  provider: string;
  version: string;
  definition: string;
  created: number;
  deleted_at: number | null;
}

export interface ParametersTable {
  name: string;
  type: string;
  value: string;
  description: string | null;
  version: number;
  last_modified: number;
}

export interface SecretsTable {
  name: string;
  description: string | null;
  created: number;
  last_changed: number;
}

export interface SecretVersionsTable {
  secret_name: string;
  version_id: string;
  secret_string: string;
  created: number;
}

export interface SecretVersionStagesTable {
  secret_name: string;
  stage: string;
  version_id: string;
}
