import { expandUrlTemplate } from '../../core/action-types/url-templates.js';
import type { ActionOutcome } from '../../core/contracts/action-provider.js';
import type { JobRecord } from '../../core/contracts/store.js';
import { isActionTypeId } from '../../core/declaration/types.js';
import { PipewrightError } from '../../core/errors/index.js';
import type * as wire from '../wire/shapes.js';
import type { RequestContext } from './operation.js';

/**
 * What the job-worker operations (custom and third-party) share: a result read from the wire into an
 * outcome, the job's state checked, and the outcome recorded once.
 */

/** The wire's success result (PutJobSuccessResult, PutThirdPartyJobSuccessResult) as an outcome. */
export function successOutcome(input: {
  currentRevision?: wire.CurrentRevision;
  continuationToken?: string;
  executionDetails?: wire.ExecutionDetails;
  outputVariables?: Record<string, string>;
}): Extract<ActionOutcome, { status: 'Succeeded' }> {
  const details = input.executionDetails;
  const revision = input.currentRevision;
  return {
    status: 'Succeeded',
    ...(input.outputVariables !== undefined ? { outputVariables: input.outputVariables } : {}),
    ...(details?.summary !== undefined ? { summary: details.summary } : {}),
    ...(details?.externalExecutionId !== undefined ? { externalExecutionId: details.externalExecutionId } : {}),
    ...(details?.percentComplete !== undefined ? { percentComplete: details.percentComplete } : {}),
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
  };
}

export function failureOutcome(failure: wire.FailureDetails): Extract<ActionOutcome, { status: 'Failed' }> {
  return {
    status: 'Failed',
    failureType: failure.type,
    message: failure.message,
    ...(failure.externalExecutionId !== undefined ? { externalExecutionId: failure.externalExecutionId } : {}),
  };
}

/**
 * Records a worker's result for `job`: refused (InvalidJobStateException) once the job has ended. The
 * action type's `executionUrlTemplate` turns the result's externalExecutionId into the link the action
 * shows (`{ExternalExecutionId}`, `{Config:<property>}` of the action's configuration).
 */
export async function recordResult(context: RequestContext, job: JobRecord, outcome: ActionOutcome): Promise<void> {
  if (job.status !== 'InProgress' && job.status !== 'Dispatched') {
    throw new PipewrightError('InvalidJobStateException', `Job ${job.id} is ${job.status}; only a job in progress takes a result.`);
  }
  const url = outcome.externalExecutionId !== undefined ? executionUrl(context, job, outcome.externalExecutionId) : undefined;
  await context.services.jobs.complete({
    jobId: job.id,
    outcome: url !== undefined && outcome.externalExecutionUrl === undefined ? { ...outcome, externalExecutionUrl: url } : outcome,
    by: context.principal.arn,
  });
}

function executionUrl(context: RequestContext, job: JobRecord, externalExecutionId: string): string | undefined {
  const typeId = job.job.action.typeId;
  if (!isActionTypeId(typeId)) return undefined;
  const template = context.services.actionTypes.current()(typeId)?.settings.executionUrlTemplate;
  return template !== undefined ? expandUrlTemplate(template, job.job.action.configuration, externalExecutionId) : undefined;
}
