/**
 * A pipeline declaration exactly as CodePipeline's API carries it (PipelineDeclaration and the shapes
 * under it). The declaration is stored verbatim per version; these types are its domain reading.
 */

export const actionCategories = ['Source', 'Build', 'Deploy', 'Test', 'Invoke', 'Approval', 'Compute'] as const;
export type ActionCategory = (typeof actionCategories)[number];

export const actionOwners = ['AWS', 'ThirdParty', 'Custom'] as const;
export type ActionOwner = (typeof actionOwners)[number];

export const executionModes = ['QUEUED', 'SUPERSEDED', 'PARALLEL'] as const;
export type ExecutionMode = (typeof executionModes)[number];

export const pipelineTypes = ['V1', 'V2'] as const;
export type PipelineType = (typeof pipelineTypes)[number];

export interface ActionTypeId {
  category: ActionCategory;
  owner: ActionOwner;
  provider: string;
  version: string;
}

export interface ArtifactStoreDeclaration {
  type: 'S3';
  location: string;
  encryptionKey?: { id: string; type: 'KMS' };
}

export interface InputArtifactDeclaration {
  name: string;
}

export interface OutputArtifactDeclaration {
  name: string;
  files?: string[];
}

export interface EnvironmentVariableDeclaration {
  name: string;
  value: string;
  type?: 'PLAINTEXT' | 'SECRETS_MANAGER';
}

export interface ActionDeclaration {
  name: string;
  actionTypeId: ActionTypeId;
  runOrder?: number;
  configuration?: Record<string, string>;
  commands?: string[];
  outputArtifacts?: OutputArtifactDeclaration[];
  inputArtifacts?: InputArtifactDeclaration[];
  outputVariables?: string[];
  roleArn?: string;
  region?: string;
  namespace?: string;
  timeoutInMinutes?: number;
  environmentVariables?: EnvironmentVariableDeclaration[];
}

/** What a job does the work of: an action of some type, or a rule of a stage condition. */
export type JobTypeId = ActionTypeId | { category: 'Rule'; owner: 'AWS'; provider: string; version: string };

export function isActionTypeId(id: JobTypeId): id is ActionTypeId {
  return id.category !== 'Rule';
}

export interface RuleTypeId {
  category: 'Rule';
  owner?: 'AWS';
  provider: string;
  version?: string;
}

export interface RuleDeclaration {
  name: string;
  ruleTypeId: RuleTypeId;
  configuration?: Record<string, string>;
  commands?: string[];
  inputArtifacts?: InputArtifactDeclaration[];
  roleArn?: string;
  region?: string;
  timeoutInMinutes?: number;
}

export const conditionResults = ['ROLLBACK', 'FAIL', 'RETRY', 'SKIP'] as const;
export type ConditionResult = (typeof conditionResults)[number];

export interface ConditionDeclaration {
  result?: ConditionResult;
  rules?: RuleDeclaration[];
}

export const stageRetryModes = ['FAILED_ACTIONS', 'ALL_ACTIONS'] as const;
export type StageRetryMode = (typeof stageRetryModes)[number];

export interface FailureConditionsDeclaration {
  result?: ConditionResult;
  retryConfiguration?: { retryMode?: StageRetryMode };
  conditions?: ConditionDeclaration[];
}

export interface SuccessConditionsDeclaration {
  conditions: ConditionDeclaration[];
}

export interface BeforeEntryConditionsDeclaration {
  conditions: ConditionDeclaration[];
}

export interface BlockerDeclaration {
  name: string;
  type: 'Schedule';
}

export interface StageDeclaration {
  name: string;
  blockers?: BlockerDeclaration[];
  actions: ActionDeclaration[];
  onFailure?: FailureConditionsDeclaration;
  onSuccess?: SuccessConditionsDeclaration;
  beforeEntry?: BeforeEntryConditionsDeclaration;
}

export interface PipelineVariableDeclaration {
  name: string;
  defaultValue?: string;
  description?: string;
}

export interface GitFilePathFilterCriteria {
  includes?: string[];
  excludes?: string[];
}
export type GitBranchFilterCriteria = GitFilePathFilterCriteria;
export type GitTagFilterCriteria = GitFilePathFilterCriteria;

export interface GitPushFilter {
  tags?: GitTagFilterCriteria;
  branches?: GitBranchFilterCriteria;
  filePaths?: GitFilePathFilterCriteria;
}

export const gitPullRequestEvents = ['OPEN', 'UPDATED', 'CLOSED'] as const;
export type GitPullRequestEvent = (typeof gitPullRequestEvents)[number];

export interface GitPullRequestFilter {
  events?: GitPullRequestEvent[];
  branches?: GitBranchFilterCriteria;
  filePaths?: GitFilePathFilterCriteria;
}

export interface GitConfiguration {
  sourceActionName: string;
  push?: GitPushFilter[];
  pullRequest?: GitPullRequestFilter[];
}

export interface PipelineTriggerDeclaration {
  providerType: 'CodeStarSourceConnection';
  gitConfiguration: GitConfiguration;
}

export interface PipelineDeclaration {
  name: string;
  roleArn: string;
  artifactStore?: ArtifactStoreDeclaration;
  artifactStores?: Record<string, ArtifactStoreDeclaration>;
  stages: StageDeclaration[];
  version?: number;
  executionMode?: ExecutionMode;
  pipelineType?: PipelineType;
  variables?: PipelineVariableDeclaration[];
  triggers?: PipelineTriggerDeclaration[];
}

/** The default runOrder of an action that declares none. */
export const defaultRunOrder = 1;

export function runOrderOf(action: ActionDeclaration): number {
  return action.runOrder ?? defaultRunOrder;
}

export function executionModeOf(pipeline: PipelineDeclaration): ExecutionMode {
  return pipeline.executionMode ?? 'SUPERSEDED';
}

export function actionTypeKey(id: ActionTypeId | JobTypeId): string {
  return `${id.category}/${id.owner}/${id.provider}/${id.version}`;
}
