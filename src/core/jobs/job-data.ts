import { pipelineArn, type Partition } from '../arn.js';
import type { ActionJob } from '../contracts/action-provider.js';
import { isActionTypeId, type ActionTypeId } from '../declaration/types.js';
import type { ArtifactCredentials } from './artifact-credentials.js';

/**
 * A job as CodePipeline hands it to whoever does the work: job workers (PollForJobs, GetJobDetails),
 * third-party workers, and functions (the `CodePipeline.job` event's `data`). One shape, built in one
 * place, so a worker and a function see the same thing.
 */
export interface JobData {
  actionTypeId?: ActionTypeId;
  actionConfiguration: { configuration: Record<string, string> };
  pipelineContext?: {
    pipelineName: string;
    stage: { name: string };
    action: { name: string; actionExecutionId: string };
    pipelineArn: string;
    pipelineExecutionId: string;
  };
  inputArtifacts: JobArtifact[];
  outputArtifacts: JobArtifact[];
  artifactCredentials: ArtifactCredentials;
  continuationToken?: string;
  encryptionKey?: { id: string; type: 'KMS' };
}

export interface JobArtifact {
  name: string;
  revision?: string;
  location: { type: 'S3'; s3Location: { bucketName: string; objectKey: string } };
}

/**
 * The job's data. A function's event leaves out `actionTypeId` and `pipelineContext`, as AWS's
 * Lambda invoke event does (`forFunction`).
 */
export function jobData(job: ActionJob, partition: Partition, credentials: ArtifactCredentials, options: { forFunction?: boolean } = {}): JobData {
  const context = options.forFunction !== true;
  return {
    // Rule jobs carry a rule type id, which is no action type: it is left out.
    ...(context && isActionTypeId(job.action.typeId) ? { actionTypeId: job.action.typeId } : {}),
    actionConfiguration: { configuration: { ...job.action.configuration } },
    ...(context
      ? {
          pipelineContext: {
            pipelineName: job.pipeline.name,
            stage: { name: job.stageName },
            action: { name: job.action.name, actionExecutionId: job.action.actionExecutionId },
            pipelineArn: pipelineArn(partition, job.pipeline.name),
            pipelineExecutionId: job.pipeline.executionId,
          },
        }
      : {}),
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
    ...(job.encryptionKey !== undefined ? { encryptionKey: { ...job.encryptionKey } } : {}),
  };
}
