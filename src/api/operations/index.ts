import type { Operation } from './operation.js';
import { createPipeline } from './create-pipeline.js';
import { getPipeline } from './get-pipeline.js';
import { updatePipeline } from './update-pipeline.js';
import { deletePipeline } from './delete-pipeline.js';
import { listPipelines } from './list-pipelines.js';
import { startPipelineExecution } from './start-pipeline-execution.js';
import { stopPipelineExecution } from './stop-pipeline-execution.js';
import { getPipelineExecution } from './get-pipeline-execution.js';
import { listPipelineExecutions } from './list-pipeline-executions.js';
import { listActionExecutions } from './list-action-executions.js';
import { getPipelineState } from './get-pipeline-state.js';
import { retryStageExecution } from './retry-stage-execution.js';
import { disableStageTransition, enableStageTransition } from './stage-transitions.js';
import { putApprovalResult } from './put-approval-result.js';
import { acknowledgeJob, getJobDetails, pollForJobs, putJobFailureResult, putJobSuccessResult } from './job-worker.js';
import {
  acknowledgeThirdPartyJob,
  getThirdPartyJobDetails,
  pollForThirdPartyJobs,
  putThirdPartyJobFailureResult,
  putThirdPartyJobSuccessResult,
} from './third-party-job-worker.js';
import { tagResource } from './tag-resource.js';
import { untagResource } from './untag-resource.js';
import { listTagsForResource } from './list-tags-for-resource.js';
import { listActionTypes } from './list-action-types.js';
import { getActionType } from './get-action-type.js';
import { createCustomActionType } from './create-custom-action-type.js';
import { deleteCustomActionType } from './delete-custom-action-type.js';
import { updateActionType } from './update-action-type.js';
import { listRuleTypes } from './list-rule-types.js';
import { listRuleExecutions } from './list-rule-executions.js';
import { overrideStageCondition } from './override-stage-condition.js';
import { rollbackStage } from './rollback-stage.js';
import { putWebhook } from './put-webhook.js';
import { deleteWebhook } from './delete-webhook.js';
import { listWebhooks } from './list-webhooks.js';
import { deregisterWebhookWithThirdParty, registerWebhookWithThirdParty } from './webhook-registration.js';
import { putActionRevision } from './put-action-revision.js';

/**
 * The operation table: every CodePipeline operation Pipewright serves, by its wire name. An operation
 * missing here answers UnknownOperationException, as AWS answers for names it does not know.
 */
export const operationTable: Partial<Record<string, Operation<never, object>>> = {
  CreatePipeline: createPipeline,
  GetPipeline: getPipeline,
  UpdatePipeline: updatePipeline,
  DeletePipeline: deletePipeline,
  ListPipelines: listPipelines,
  StartPipelineExecution: startPipelineExecution,
  StopPipelineExecution: stopPipelineExecution,
  GetPipelineExecution: getPipelineExecution,
  ListPipelineExecutions: listPipelineExecutions,
  ListActionExecutions: listActionExecutions,
  GetPipelineState: getPipelineState,
  RetryStageExecution: retryStageExecution,
  DisableStageTransition: disableStageTransition,
  EnableStageTransition: enableStageTransition,
  PutApprovalResult: putApprovalResult,
  PollForJobs: pollForJobs,
  AcknowledgeJob: acknowledgeJob,
  GetJobDetails: getJobDetails,
  PutJobSuccessResult: putJobSuccessResult,
  PutJobFailureResult: putJobFailureResult,
  PollForThirdPartyJobs: pollForThirdPartyJobs,
  AcknowledgeThirdPartyJob: acknowledgeThirdPartyJob,
  GetThirdPartyJobDetails: getThirdPartyJobDetails,
  PutThirdPartyJobSuccessResult: putThirdPartyJobSuccessResult,
  PutThirdPartyJobFailureResult: putThirdPartyJobFailureResult,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
  ListActionTypes: listActionTypes,
  GetActionType: getActionType,
  CreateCustomActionType: createCustomActionType,
  DeleteCustomActionType: deleteCustomActionType,
  UpdateActionType: updateActionType,
  ListRuleTypes: listRuleTypes,
  ListRuleExecutions: listRuleExecutions,
  OverrideStageCondition: overrideStageCondition,
  RollbackStage: rollbackStage,
  PutWebhook: putWebhook,
  DeleteWebhook: deleteWebhook,
  ListWebhooks: listWebhooks,
  RegisterWebhookWithThirdParty: registerWebhookWithThirdParty,
  DeregisterWebhookWithThirdParty: deregisterWebhookWithThirdParty,
  PutActionRevision: putActionRevision,
};
