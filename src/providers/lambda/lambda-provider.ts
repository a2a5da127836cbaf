import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import {
  jobAbortReason,
  type ActionJob,
  type ActionOutcome,
  type ActionProvider,
  type JobEnd,
  type ProviderTools,
  type ReportedThroughJobApi,
} from '../../core/contracts/action-provider.js';
import type { JobTypeId } from '../../core/declaration/types.js';
import { newArtifactCredentials } from '../../core/jobs/artifact-credentials.js';
import { jobData } from '../../core/jobs/job-data.js';
import { isRoleUnavailableError, jobRole } from '../../core/contracts/job-credentials.js';
import { functionEnvironment } from './function-environment.js';
import { parseFunctionName } from './function-name.js';
import { startFunction, type FunctionExit } from './function-process.js';
import { FunctionConfigurationError, loadLocalFunction } from './local-function.js';

export interface LambdaProviderOptions {
  /** How long an invocation may go without its job's result before the action fails (AWS: 20 minutes). */
  replyTimeoutMs?: number;
  /** How long a function that has reported gets to return before it is stopped. */
  exitGraceMs?: number;
  /** Between SIGTERM and SIGKILL when a function is stopped. */
  killGraceMs?: number;
}

const twentyMinutes = 20 * 60_000;
/** How long after a function returned its report may still be arriving. */
const reportSettleMs = 2000;

/**
 * Lambda invoke actions (Invoke/AWS/Lambda) and LambdaInvoke rules of stage conditions: the local
 * function `<data-dir>/functions/<FunctionName>/` runs in a process of its own with the
 * `CodePipeline.job` event, and reports its result itself, through the job-worker API
 * (PutJobSuccessResult, PutJobFailureResult), as it does on AWS. This provider waits for that report:
 *
 * - The job ended (success, failure, or success with a continuation token, which queues the next
 *   invocation): the function gets a moment to return, then the provider answers ReportedThroughJobApi.
 * - The function returned or failed without reporting: as on AWS, the action keeps waiting.
 * - No result within the reply window (AWS: 20 minutes per invocation, restarted by each continuation):
 *   the action fails with TimeoutError. The action's own timeout still applies above it.
 *
 * A rule passes when its function reports success. Not rerunnable: a function may have deployed.
 */
export class LambdaProvider implements ActionProvider {
  readonly actionTypes: readonly JobTypeId[] = [
    { category: 'Invoke', owner: 'AWS', provider: 'Lambda', version: '1' },
    { category: 'Rule', owner: 'AWS', provider: 'LambdaInvoke', version: '1' },
  ];
  readonly rerunnable = false;
  /** A function reporting back takes no build slot: most of an invocation is waiting. */
  readonly load = 'waiting';

  constructor(private readonly options: LambdaProviderOptions = {}) {}

  async run(job: ActionJob, tools: ProviderTools, signal: AbortSignal): Promise<ActionOutcome | ReportedThroughJobApi> {
    const { log } = tools;
    const reference = parseFunctionName(job.action.configuration.FunctionName ?? '');
    if (reference === undefined) {
      return configurationFailure(tools, `FunctionName ${JSON.stringify(job.action.configuration.FunctionName ?? '')} names no function: use a name or a function ARN.`);
    }
    let fn;
    try {
      fn = await loadLocalFunction(tools.dataDir, reference.name);
    } catch (error) {
      if (error instanceof FunctionConfigurationError) return configurationFailure(tools, error.message);
      throw error;
    }
    if (reference.qualifier !== undefined) log.line('system', `Local functions have no versions or aliases: the qualifier ${reference.qualifier} is ignored.`);

    let aws: Record<string, string> = {};
    // A function's execution role is Lambda's to assume; without one it runs as the action's or pipeline's role.
    const role = jobRole(job, fn.role !== undefined ? { arn: fn.role, assumer: 'lambda.amazonaws.com' } : undefined);
    try {
      if (role !== undefined && tools.awsEnvironment !== undefined) aws = await tools.awsEnvironment(role);
    } catch (error) {
      if (!isRoleUnavailableError(error)) throw error;
      log.line('system', error.message);
      return { status: 'Failed', failureType: 'PermissionError', message: error.message };
    }
    const requestId = randomUUID();
    // The function's role: credentials the server accepts (iam mode) for its calls back and its artifacts.
    const credentials = tools.serviceCredentials?.() ?? newArtifactCredentials();
    const invocationDir = join(tools.workspace, 'function');
    await mkdir(join(invocationDir, 'home'), { recursive: true });
    const started = Date.now();
    const event = { 'CodePipeline.job': { id: job.jobId, accountId: tools.partition.accountId, data: jobData(job, tools.partition, credentials, { forFunction: true }) } };
    // Its artifact credentials are as good as a password for the job's artifacts while it runs.
    log.mask(credentials.secretAccessKey);
    log.mask(credentials.sessionToken);

    // Waiting for the job's end starts before the function does: it may report at once.
    const waiting = new AbortController();
    const ended = tools.jobEnded(AbortSignal.any([signal, waiting.signal]));
    ended.catch(() => undefined);

    log.line('system', `START RequestId: ${requestId} Version: $LATEST (function ${fn.name}, ${fn.modulePath})`);
    const running = await startFunction(fn, {
      workspace: tools.workspace,
      event,
      environment: functionEnvironment({
        fn,
        apiUrl: tools.apiUrl,
        region: job.action.region,
        accountId: tools.partition.accountId,
        credentials,
        aws,
        requestId,
        deadline: started + fn.timeoutSeconds * 1000,
        invocationDir,
      }),
      log,
    });
    const replyWindow = this.options.replyTimeoutMs ?? twentyMinutes;
    const timer = new AbortController();
    let exit: FunctionExit | undefined;
    void running.exited.then(async (how) => {
      exit = how;
      log.line('system', `END RequestId: ${requestId}`);
      log.line('system', `REPORT RequestId: ${requestId} Duration: ${Date.now() - started} ms ${describeExit(how)}`);
      if (how.kind === 'stopped') return;
      // A report sent just before returning may still be on its way to the job service.
      const reported = await Promise.race([
        ended.then(() => true, () => true),
        delay(reportSettleMs, false, { signal: timer.signal }).catch(() => true),
      ]);
      if (!reported) log.line('system', 'The function ended without reporting a result: the action waits for PutJobSuccessResult or PutJobFailureResult, as on AWS.');
    });
    try {
      const first = await Promise.race([
        ended.then(
          (end) => ({ kind: 'ended' as const, end }),
          () => ({ kind: 'aborted' as const }),
        ),
        tools.clock.sleep(replyWindow, timer.signal).then(
          () => ({ kind: 'no-reply' as const }),
          () => ({ kind: 'aborted' as const }),
        ),
      ]);
      if (first.kind === 'ended') {
        await this.letReturn(running, first.end, log);
        return { status: 'ReportedThroughJobApi', end: first.end };
      }
      await running.stop(this.options.killGraceMs ?? 5000);
      if (first.kind === 'no-reply') {
        const message = `The function ${fn.name} sent no result (PutJobSuccessResult or PutJobFailureResult) within ${Math.round(replyWindow / 1000)} seconds.`;
        log.line('system', message);
        return { status: 'Failed', failureType: 'TimeoutError', message };
      }
      const reason = jobAbortReason(signal.reason);
      log.line('system', `The function was stopped: ${reason.message}.`);
      return { status: 'Failed', failureType: 'JobFailed', message: `The function was stopped: ${reason.message}.` };
    } finally {
      timer.abort();
      waiting.abort();
      if (exit === undefined) await running.stop(this.options.killGraceMs ?? 5000);
    }
  }

  /** A function that reported usually returns right after: give it the moment, then stop it (Lambda freezes it). */
  private async letReturn(running: Awaited<ReturnType<typeof startFunction>>, end: JobEnd, log: ProviderTools['log']): Promise<void> {
    const grace = this.options.exitGraceMs ?? 5000;
    log.line('system', reportLine(end));
    const returned = await Promise.race([running.exited.then(() => true), delay(grace).then(() => false)]);
    if (!returned) log.line('system', `The function had not returned ${grace} ms after reporting: it was stopped.`);
    await running.stop(this.options.killGraceMs ?? 5000);
  }
}

function reportLine(end: JobEnd): string {
  if (end.continued) return 'The function reported success with a continuation token: the action continues with a new invocation.';
  if (end.status === 'Succeeded') return 'The function reported success.';
  return `The function reported failure${end.reason !== undefined ? `: ${end.reason}` : ''}.`;
}

function describeExit(exit: FunctionExit): string {
  switch (exit.kind) {
    case 'returned':
      return '(the handler returned)';
    case 'threw':
      return '(the handler failed)';
    case 'timed-out':
      return `Status: timeout (Task timed out after ${exit.seconds.toFixed(2)} seconds)`;
    case 'stopped':
      return '(stopped)';
    case 'crashed':
      return `(the process ended with ${exit.signal ?? `exit code ${String(exit.code)}`})`;
  }
}

function configurationFailure(tools: ProviderTools, message: string): ActionOutcome {
  tools.log.line('system', message);
  return { status: 'Failed', failureType: 'ConfigurationError', message };
}
