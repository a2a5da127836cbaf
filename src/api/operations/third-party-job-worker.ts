import { awsActionType } from '../../core/action-types/lookup.js';
import type { JobRecord } from '../../core/contracts/store.js';
import { PipewrightError } from '../../core/errors/index.js';
import { newArtifactCredentials } from '../../core/jobs/artifact-credentials.js';
import { presentJobData } from '../presenters/job.js';
import type * as wire from '../wire/shapes.js';
import { failureOutcome, recordResult, successOutcome } from './job-results.js';
import type { Operation, RequestContext } from './operation.js';

/**
 * The job-worker API of partner (ThirdParty) actions: the custom actions' flow, except that a poll
 * hands out only `{jobId, clientId}`, and every later call presents that clientId as its
 * `clientToken` (a token that is not the job's is InvalidClientTokenException). The job's data, with
 * its nonce, comes from GetThirdPartyJobDetails; results carry no output variables.
 */
export const pollForThirdPartyJobs: Operation<wire.PollForThirdPartyJobsInput, wire.PollForThirdPartyJobsOutput> = async (input, context) => {
  const { jobs, actionTypes } = context.services;
  const typeId = input.actionTypeId;
  if (typeId.owner !== 'ThirdParty') {
    throw new PipewrightError('ValidationException', `PollForThirdPartyJobs serves partner actions only; the owner of ${typeId.provider} is ${typeId.owner}.`);
  }
  // GitHub version 1 and Alexa Skills Kit are ThirdParty types that AWS runs itself: no partner's worker polls them.
  if (awsActionType(typeId) !== undefined || actionTypes.current()(typeId) === undefined) {
    throw new PipewrightError('ActionTypeNotFoundException', `No third-party action type ${typeId.category}/${typeId.provider}/${typeId.version}.`);
  }
  const dispatched = await jobs.dispatch({ actionTypeId: typeId, limit: input.maxBatchSize ?? 1, withClientId: true });
  return { jobs: dispatched.map((job) => ({ jobId: job.id, ...(job.clientId !== undefined ? { clientId: job.clientId } : {}) })) };
};

export const getThirdPartyJobDetails: Operation<wire.GetThirdPartyJobDetailsInput, wire.GetThirdPartyJobDetailsOutput> = async (input, context) => {
  const job = await requireThirdPartyJob(context, input.jobId, input.clientToken);
  return {
    jobDetails: {
      id: job.id,
      data: presentJobData(job, context.services.partition, context.services.identity.artifactCredentials(newArtifactCredentials)),
      ...(job.nonce !== undefined ? { nonce: job.nonce } : {}),
    },
  };
};

export const acknowledgeThirdPartyJob: Operation<wire.AcknowledgeThirdPartyJobInput, wire.AcknowledgeThirdPartyJobOutput> = async (input, context) => {
  await requireThirdPartyJob(context, input.jobId, input.clientToken);
  const job = await context.services.jobs.acknowledge(input.jobId, input.nonce);
  return { status: job.status };
};

export const putThirdPartyJobSuccessResult: Operation<wire.PutThirdPartyJobSuccessResultInput, object> = async (input, context) => {
  const job = await requireThirdPartyJob(context, input.jobId, input.clientToken);
  await recordResult(context, job, successOutcome(input));
  return {};
};

export const putThirdPartyJobFailureResult: Operation<wire.PutThirdPartyJobFailureResultInput, object> = async (input, context) => {
  const job = await requireThirdPartyJob(context, input.jobId, input.clientToken);
  await recordResult(context, job, failureOutcome(input.failureDetails));
  return {};
};

async function requireThirdPartyJob(context: RequestContext, jobId: string, clientToken: string): Promise<JobRecord> {
  const job = await context.services.jobs.details(jobId);
  if (job.actionTypeId.owner !== 'ThirdParty') {
    throw new PipewrightError('InvalidJobException', `Job ${jobId} is not a third-party job: use the job operations of custom actions (GetJobDetails, PutJobSuccessResult…).`);
  }
  if (job.clientId === undefined || job.clientId !== clientToken) {
    throw new PipewrightError(
      'InvalidClientTokenException',
      `The client token does not match job ${jobId}: present the clientId that PollForThirdPartyJobs returned with the job${job.clientId === undefined ? ' (it has not been polled yet)' : ''}.`,
    );
  }
  return job;
}
