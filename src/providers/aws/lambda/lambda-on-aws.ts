import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { ActionJob, ActionOutcome, ProviderTools, ReportedThroughJobApi } from '../../../core/contracts/action-provider.js';
import { newArtifactCredentials } from '../../../core/jobs/artifact-credentials.js';
import { jobData } from '../../../core/jobs/job-data.js';
import { clientConfig } from '../shared/aws-client-settings.js';
import { AwsActionFailure, awsFailure } from '../shared/aws-failure.js';
import { awsServices } from '../shared/aws-service.js';

/** "CodePipeline invokes your function asynchronously" (Lambda Developer Guide, Using AWS Lambda with CodePipeline). */
const invocationType = 'Event';
/** Lambda's answer to an asynchronous invocation it queued (Invoke API reference: "202 for asynchronous invocation"). */
const queued = 202;
/** "AWS Lambda invoke action: 20 minutes" for each invocation to answer (Quotas in AWS CodePipeline). */
const twentyMinutes = 20 * 60_000;

/**
 * Invoke/AWS/Lambda (and LambdaInvoke rules) on a real AWS Lambda or a compatible endpoint: Invoke with
 * the `CodePipeline.job` event, asynchronously as CodePipeline does, then wait for the function's own
 * PutJobSuccessResult or PutJobFailureResult at this server's job API (a continuation token ends this
 * invocation and queues the next). The event's artifactCredentials are this server's credentials for the
 * job: a function signs its calls back with them, at the server named by its AWS_ENDPOINT_URL_CODEPIPELINE.
 */
export async function invokeOnAws(job: ActionJob, tools: ProviderTools, signal: AbortSignal, replyWindowMs = twentyMinutes): Promise<ActionOutcome | ReportedThroughJobApi> {
  const { log } = tools;
  const region = job.action.region;
  const functionName = job.action.configuration.FunctionName ?? '';
  const credentials = tools.serviceCredentials?.() ?? newArtifactCredentials();
  log.mask(credentials.secretAccessKey);
  log.mask(credentials.sessionToken);
  const event = { 'CodePipeline.job': { id: job.jobId, accountId: tools.partition.accountId, data: jobData(job, tools.partition, credentials, { forFunction: true }) } };

  // Waiting for the job's end starts before the invocation: the function may report at once.
  const waiting = new AbortController();
  const ended = tools.jobEnded(AbortSignal.any([signal, waiting.signal]));
  ended.catch(() => undefined);
  const lambda = new LambdaClient(clientConfig(region));
  try {
    const answer = await lambda.send(new InvokeCommand({ FunctionName: functionName, InvocationType: invocationType, Payload: Buffer.from(JSON.stringify(event)) }), { abortSignal: signal });
    if (answer.StatusCode !== queued) throw new AwsActionFailure('JobFailed', `AWS Lambda answered ${String(answer.StatusCode)} to the asynchronous invocation of ${functionName}, not 202.`);
    const requestId = answer.$metadata.requestId ?? '';
    log.line('system', `Invoked ${functionName} on AWS Lambda in ${region} (RequestId: ${requestId}); waiting for PutJobSuccessResult or PutJobFailureResult.`);
    tools.progress({ externalExecutionId: requestId, summary: `Invoked ${functionName}` });
  } catch (error) {
    waiting.abort();
    signal.throwIfAborted();
    const failure = awsFailure(error, awsServices.lambda, region);
    log.line('system', `Lambda invoke FAILED: ${failure.message}`);
    return failure;
  } finally {
    lambda.destroy();
  }

  const timer = new AbortController();
  try {
    const first = await Promise.race([
      ended.then((end) => ({ kind: 'ended' as const, end }), () => ({ kind: 'aborted' as const })),
      tools.clock.sleep(replyWindowMs, timer.signal).then(() => ({ kind: 'no-reply' as const }), () => ({ kind: 'aborted' as const })),
    ]);
    if (first.kind === 'ended') return { status: 'ReportedThroughJobApi', end: first.end };
    signal.throwIfAborted();
    const message = `The function ${functionName} sent no result (PutJobSuccessResult or PutJobFailureResult) within ${Math.round(replyWindowMs / 1000)} seconds.`;
    log.line('system', message);
    return { status: 'Failed', failureType: 'TimeoutError', message };
  } finally {
    timer.abort();
    waiting.abort();
  }
}
