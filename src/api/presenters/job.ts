import { pipelineArn, type Partition } from '../../core/arn.js';
import type { JobRecord } from '../../core/contracts/store.js';
import { isActionTypeId } from '../../core/declaration/types.js';
import type * as wire from '../wire/shapes.js';

/**
 * A job as CodePipeline's job-worker API shows it (PollForJobs, GetJobDetails): the action's
 * configuration, its pipeline context, where to read inputs and write outputs, and credentials for them.
 */
export function presentJobData(record: JobRecord, partition: Partition, credentials: wire.AWSSessionCredentials): wire.JobData {
  const { job } = record;
  return {
    // Rule jobs never reach job workers (PollForJobs serves custom action types only).
    ...(isActionTypeId(job.action.typeId) ? { actionTypeId: job.action.typeId } : {}),
    actionConfiguration: { configuration: job.action.configuration },
    pipelineContext: {
      pipelineName: job.pipeline.name,
      stage: { name: job.stageName },
      action: { name: job.action.name, actionExecutionId: job.action.actionExecutionId },
      pipelineArn: pipelineArn(partition, job.pipeline.name),
      pipelineExecutionId: job.pipeline.executionId,
    },
    inputArtifacts: job.inputArtifacts.map((input) => ({
      name: input.name,
      ...(input.revision !== undefined ? { revision: input.revision } : {}),
      location: { type: 'S3', s3Location: { bucketName: input.ref.bucket, objectKey: input.ref.key } },
    })),
    outputArtifacts: job.outputArtifacts.map((output) => ({
      name: output.name,
      location: { type: 'S3', s3Location: { bucketName: output.location.bucket, objectKey: output.location.key } },
    })),
    artifactCredentials: credentials,
    ...(job.continuationToken !== undefined ? { continuationToken: job.continuationToken } : {}),
  };
}

export function presentJob(record: JobRecord, partition: Partition, credentials: wire.AWSSessionCredentials): wire.Job {
  return {
    id: record.id,
    data: presentJobData(record, partition, credentials),
    ...(record.nonce !== undefined ? { nonce: record.nonce } : {}),
    accountId: partition.accountId,
  };
}
