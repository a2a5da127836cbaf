import { randomBytes } from 'node:crypto';
import type { JobRecord } from '../../core/contracts/store.js';
import { PipewrightError } from '../../core/errors/index.js';
import { presentJob, presentJobData } from '../presenters/job.js';
import type * as wire from '../wire/shapes.js';
import type { Operation, RequestContext } from './operation.js';

/** AWS's limit on the output variables of one action, in bytes of their JSON. */
const outputVariablesLimit = 122_880;

/**
 * CodePipeline's job-worker API for custom actions: PollForJobs, AcknowledgeJob, GetJobDetails,
 * PutJobSuccessResult, PutJobFailureResult. A worker written for CodePipeline runs against Pipewright by
 * changing only its endpoint.
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
  return { jobs: dispatched.map((job) => presentJob(job, partition, artifactCredentials())) };
};

export const acknowledgeJob: Operation<wire.AcknowledgeJobInput, wire.AcknowledgeJobOutput> = async (input, context) => {
  const job = await context.services.jobs.acknowledge(input.jobId, input.nonce);
  return { status: job.status };
};

export const getJobDetails: Operation<wire.GetJobDetailsInput, wire.GetJobDetailsOutput> = async (input, context) => {
  const { jobs, partition } = context.services;
  const job = await jobs.details(input.jobId);
  return { jobDetails: { id: job.id, data: presentJobData(job, partition, artifactCredentials()), accountId: partition.accountId } };
};

export const putJobSuccessResult: Operation<wire.PutJobSuccessResultInput, object> = async (input, context) => {
  if (input.outputVariables !== undefined && input.continuationToken !== undefined) {
    throw new PipewrightError('ValidationException', 'outputVariables can be given only with the final result, not with a continuationToken.');
  }
  const size = Buffer.byteLength(JSON.stringify(input.outputVariables ?? {}), 'utf8');
  if (size > outputVariablesLimit) {
    throw new PipewrightError('OutputVariablesSizeExceededException', `The output variables take ${size} bytes; the limit is ${outputVariablesLimit}.`);
  }
  const details = input.executionDetails;
  const revision = input.currentRevision;
  await complete(context, input.jobId, {
    status: 'Succeeded',
    ...(input.outputVariables !== undefined ? { outputVariables: input.outputVariables } : {}),
    ...(details?.summary !== undefined ? { summary: details.summary } : {}),
    ...(details?.externalExecutionId !== undefined ? { externalExecutionId: details.externalExecutionId } : {}),
    ...(input.continuationToken !== undefined ? { continuationToken: input.continuationToken } : {}),
    ...(revision !== undefined
      ? {
          revision: {
            revisionId: revision.revision,
            revisionChangeIdentifier: revision.changeIdentifier,
            ...(revision.revisionSummary !== undefined ? { revisionSummary: revision.revisionSummary } : {}),
            ...(revision.created !== undefined ? { created: revision.created * 1000 } : {}),
          },
        }
      : {}),
  });
  return {};
};

export const putJobFailureResult: Operation<wire.PutJobFailureResultInput, object> = async (input, context) => {
  const failure = input.failureDetails;
  await complete(context, input.jobId, {
    status: 'Failed',
    failureType: failure.type,
    message: failure.message,
    ...(failure.externalExecutionId !== undefined ? { externalExecutionId: failure.externalExecutionId } : {}),
  });
  return {};
};

async function complete(context: RequestContext, jobId: string, outcome: Parameters<RequestContext['services']['jobs']['complete']>[0]['outcome']): Promise<void> {
  const { jobs } = context.services;
  const job = await jobs.details(jobId);
  if (job.status !== 'InProgress' && job.status !== 'Dispatched') {
    throw new PipewrightError('InvalidJobStateException', `Job ${jobId} is ${job.status}; only a job in progress takes a result.`);
  }
  await jobs.complete({ jobId, outcome, by: context.principal.arn });
}

/**
 * Short-lived credentials a worker presents to read and write the job's artifacts. Local mode accepts
 * any credentials; they are still fresh per job, as AWS's are, so workers that cache them behave the same.
 */
function artifactCredentials(): wire.AWSSessionCredentials {
  return {
    accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64'),
    sessionToken: randomBytes(48).toString('base64'),
  };
}

