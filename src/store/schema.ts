import type { Generated } from 'kysely';

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
  third_party_action_types: ThirdPartyActionTypesTable;
  pipeline_runtime: PipelineRuntimeTable;
  executions: ExecutionsTable;
  action_runs: ActionRunsTable;
  rule_runs: RuleRunsTable;
  notification_rules: NotificationRulesTable;
  notification_deliveries: NotificationDeliveriesTable;
  audit_records: AuditRecordsTable;
  jobs: JobsTable;
  job_outputs: JobOutputsTable;
  events: EventsTable;
  parameters: ParametersTable;
  parameter_versions: ParameterVersionsTable;
  secrets: SecretsTable;
  secret_versions: SecretVersionsTable;
  secret_version_stages: SecretVersionStagesTable;
  webhooks: WebhooksTable;
  source_revisions: SourceRevisionsTable;
  iam_users: IamUsersTable;
  iam_groups: IamGroupsTable;
  iam_group_members: IamGroupMembersTable;
  iam_access_keys: IamAccessKeysTable;
  iam_inline_policies: IamInlinePoliciesTable;
  iam_attached_policies: IamAttachedPoliciesTable;
  iam_roles: IamRolesTable;
  job_credential_grants: JobCredentialGrantsTable;
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

export interface PipelineRuntimeTable {
  pipeline_name: string;
  revision: number;
  document: string;
}

export interface ExecutionsTable {
  pipeline_name: string;
  id: string;
  start_sequence: number;
  pipeline_version: number;
  status: string;
  active: number;
  execution_mode: string;
  execution_type: string;
  trigger_type: string;
  client_request_token: string | null;
  succeeded_stages: string;
  started: number;
  updated: number;
  document: string;
}

export interface ActionRunsTable {
  pipeline_name: string;
  action_execution_id: string;
  execution_id: string;
  pipeline_version: number;
  stage_name: string;
  action_name: string;
  status: string;
  started: number;
  updated: number;
  document: string;
}

export interface JobsTable {
  pipeline_name: string;
  id: string;
  execution_id: string;
  stage_name: string;
  action_name: string;
  action_execution_id: string;
  category: string;
  owner: string;
  provider: string;
  version: string;
  status: string;
  nonce: string | null;
  client_id: string | null;
  worker_id: string | null;
  lease_until: number | null;
  end_reason: string | null;
  job: string;
  created: number;
  updated: number;
}

export interface ThirdPartyActionTypesTable {
  category: string;
  provider: string;
  version: string;
  definition: string;
  created: number;
  updated: number;
}

export interface JobOutputsTable {
  job_id: string;
  artifact_name: string;
  ref: string;
  uploaded: number;
}

export interface EventsTable {
  sequence: Generated<number>;
  pipeline_name: string;
  execution_id: string | null;
  time: number;
  detail_type: string;
  detail: string;
}

export interface RuleRunsTable {
  pipeline_name: string;
  rule_execution_id: string;
  execution_id: string;
  pipeline_version: number;
  stage_name: string;
  condition_type: string;
  rule_name: string;
  status: string;
  started: number;
  updated: number;
  document: string;
}

export interface ParametersTable {
  name: string;
  type: string;
  value: string;
  description: string | null;
  version: number;
  last_modified: number;
  modified_by: string | null;
}

export interface ParameterVersionsTable {
  name: string;
  version: number;
  type: string;
  value: string;
  description: string | null;
  last_modified: number;
  modified_by: string | null;
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

export interface NotificationRulesTable {
  id: string;
  name: string;
  event_pattern: string;
  target: string;
  created: number;
  cursor: number;
}

export interface NotificationDeliveriesTable {
  rule_id: string;
  event_sequence: number;
  attempt: number;
  outcome: string;
  response_status: number | null;
  error: string | null;
  at: number;
}

export interface AuditRecordsTable {
  sequence: Generated<number>;
  time: number;
  request_id: string;
  principal: string;
  operation: string;
  pipeline_name: string | null;
  outcome: string;
  message: string | null;
}

export interface WebhooksTable {
  name: string;
  url_id: string;
  target_pipeline: string;
  definition: string;
  registered: number;
  created: number;
  updated: number;
  last_triggered: number | null;
  error_code: string | null;
  error_message: string | null;
}

export interface SourceRevisionsTable {
  pipeline_name: string;
  action_name: string;
  source_key: string;
  revision: string;
  changes: number;
  updated: number;
}

export interface IamUsersTable {
  name: string;
  user_id: string;
  path: string;
  created: number;
}

export interface IamGroupsTable {
  name: string;
  group_id: string;
  path: string;
  created: number;
}

export interface IamGroupMembersTable {
  group_name: string;
  user_name: string;
}

export interface IamAccessKeysTable {
  access_key_id: string;
  user_name: string | null;
  sealed_secret: string;
  status: string;
  created: number;
}

export interface IamRolesTable {
  name: string;
  role_id: string;
  path: string;
  assume_role_policy_document: string;
  description: string | null;
  max_session_duration: number;
  created: number;
}

export interface JobCredentialGrantsTable {
  id: string;
  token_sha256: string;
  job_id: string;
  role_arn: string;
  role_name: string;
  role_id: string;
  session_name: string;
  access_key_id: string;
  sealed_session: string;
  expires: number;
}

export interface IamInlinePoliciesTable {
  owner_kind: string;
  owner_name: string;
  policy_name: string;
  document: string;
}

export interface IamAttachedPoliciesTable {
  owner_kind: string;
  owner_name: string;
  policy_arn: string;
}
