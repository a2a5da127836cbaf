import type { JobRecord } from '../../core/contracts/store.js';
import { PipewrightError } from '../../core/errors/index.js';
import { newArtifactCredentials } from '../../core/jobs/artifact-credentials.js';
import { presentJob, presentJobData } from '../presenters/job.js';
import type * as wire from '../wire/shapes.js';
import { failureOutcome, recordResult, successOutcome } from './job-results.js';
import type { Operation, RequestContext } from './operation.js';

/** AWS's limit on the output variables of one action, in bytes of their JSON. */
const outputVariablesLimit = 122_880;

/**
 * CodePipeline's job-worker API for custom actions: PollForJobs, AcknowledgeJob, GetJobDetails,
 * PutJobSuccessResult, PutJobFailureResult. A worker written for CodePipeline runs against Pipewright by
 * changing only its endpoint. Local functions (Lambda invoke actions and rules) report through the same
 * results. Third-party jobs are served by the ThirdParty variants, with their client token.
 *
 * The job data points at the artifacts as S3 locations, readable and writable through the artifact
 * endpoint (`<server>/s3`, see http/s3-routes.ts) with the fresh artifactCredentials of each hand-out.
 */
export const pollForJobs: Operation<wire.PollForJobsInput, wire.PollForJobsOutput> = async (input, context) => {
  const { store, jobs, partition } = context.services;
  const typeId = input.actionTypeId;
  if (typeId.owner !== 'Custom') {
    throw new PipewrightError('ValidationException', `PollForJobs serves custom actions only; the owner of ${typeId.provider} is ${typeId.owner}.`);
  }
  const type = await store.getCustomActionType({ category: typeId.category, provider: typeId.provider, version: typeId.version });
  if (type === undefined || type.deletedAt !== undefined) {
    throw new PipewrightError(
      'ActionTypeNotFoundException',
      `No custom action type ${typeId.category}/${typeId.provider}/${typeId.version}${type?.deletedAt !== undefined ? ' (it was deleted)' : ''}.`,
    );
  }
  const query = Object.entries(input.queryParam ?? {});
  for (const [name] of query) {
    const property = type.configurationProperties.find((candidate) => candidate.name === name);
    if (property?.queryable !== true) throw new PipewrightError('ValidationException', `queryParam ${name} is not a queryable property of this action type.`);
  }
  const dispatched = await jobs.dispatch({
    actionTypeId: typeId,
    limit: input.maxBatchSize ?? 1,
    ...(query.length > 0 ? { matches: (job: JobRecord) => query.every(([name, value]) => job.job.action.configuration[name] === value) } : {}),
  });
  return { jobs: dispatched.map((job) => presentJob(job, partition, context.services.identity.artifactCredentials(newArtifactCredentials))) };
};

export const acknowledgeJob: Operation<wire.AcknowledgeJobInput, wire.AcknowledgeJobOutput> = async (input, context) => {
  await requireWorkerJob(context, input.jobId);
  const job = await context.services.jobs.acknowledge(input.jobId, input.nonce);
  return { status: job.status };
};

/** Also how a long-running worker refreshes its artifact credentials. */
export const getJobDetails: Operation<wire.GetJobDetailsInput, wire.GetJobDetailsOutput> = async (input, context) => {
  const { partition } = context.services;
  const job = await requireWorkerJob(context, input.jobId);
  return { jobDetails: { id: job.id, data: presentJobData(job, partition, context.services.identity.artifactCredentials(newArtifactCredentials)), accountId: partition.accountId } };
};

/**
 * Success, or with a continuationToken: this job ends, the action stays InProgress (showing the
 * summary and percentComplete given), and a new job carrying the token is queued for a worker.
 */
export const putJobSuccessResult: Operation<wire.PutJobSuccessResultInput, object> = async (input, context) => {
  if (input.outputVariables !== undefined && input.continuationToken !== undefined) {
    throw new PipewrightError('ValidationException', 'outputVariables can be given only with the final result, not with a continuationToken.');
  }
  const size = Buffer.byteLength(JSON.stringify(input.outputVariables ?? {}), 'utf8');
  if (size > outputVariablesLimit) {
    throw new PipewrightError('OutputVariablesSizeExceededException', `The output variables take ${size} bytes; the limit is ${outputVariablesLimit}.`);
  }
  const job = await requireWorkerJob(context, input.jobId);
  await recordResult(context, job, successOutcome(input));
  return {};
};

export const putJobFailureResult: Operation<wire.PutJobFailureResultInput, object> = async (input, context) => {
  const job = await requireWorkerJob(context, input.jobId);
  await recordResult(context, job, failureOutcome(input.failureDetails));
  return {};
};

/** A job of a custom action or of a local function; third-party jobs need their client token. */
async function requireWorkerJob(context: RequestContext, jobId: string): Promise<JobRecord> {
  const job = await context.services.jobs.details(jobId);
  if (job.actionTypeId.owner === 'ThirdParty') {
    throw new PipewrightError('JobNotFoundException', `Job ${jobId} is a third-party job: use the ThirdParty job operations with its client token.`);
  }
  return job;
}
