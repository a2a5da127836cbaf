import { BatchGetBuildsCommand, CodeBuildClient, StartBuildCommand, StopBuildCommand, type Build } from '@aws-sdk/client-codebuild';
import type { ActionJob, ActionOutcome, ProviderTools } from '../../../core/contracts/action-provider.js';
import { readCodeBuildConfiguration, type CodeBuildActionConfiguration } from '../../codebuild/action-configuration.js';
import { isBuildConfigurationError } from '../../codebuild/configuration-error.js';
import { clientConfig, type AwsProviderSettings } from '../shared/aws-client-settings.js';
import { AwsActionFailure, awsFailure } from '../shared/aws-failure.js';
import { awsServices, type AwsService } from '../shared/aws-service.js';
import { pollUntil } from '../shared/poll.js';
import { buildFailureMessage, exportedVariables } from './build-outcome.js';
import { uploadSources } from './build-sources.js';
import { downloadOutputArtifacts } from './output-artifacts.js';
import { startBuildRequest } from './start-build-request.js';

/** How long StopBuild may take once the action was stopped: the worker is waiting for this job to end. */
const stopBuildTimeoutMs = 10_000;

/**
 * A CodeBuild action whose project is on AWS CodeBuild: inputs uploaded to the artifact bucket,
 * StartBuild with overrides, BatchGetBuilds until `buildComplete`, then the build's exported variables
 * and output artifacts. Stopping the action (stop and abandon, its timeout) stops the build with
 * StopBuild, as stopping a local build kills its processes.
 */
export async function buildOnAws(job: ActionJob, tools: ProviderTools, signal: AbortSignal, settings: AwsProviderSettings): Promise<ActionOutcome> {
  const { log } = tools;
  const region = job.action.region;
  const client = new CodeBuildClient(clientConfig(region));
  let service: AwsService = awsServices.s3;
  let buildId: string | undefined;
  try {
    const configuration = readConfiguration(job);
    if (configuration.batchEnabled) {
      throw new AwsActionFailure(
        'ConfigurationError',
        `BatchEnabled: batch builds (StartBuildBatch) of projects on AWS CodeBuild are not run by Pipewright yet. Remove BatchEnabled, or take ` +
          `${configuration.projectName} out of PIPEWRIGHT_AWS_CODEBUILD_PROJECTS to run the batch on this host.`,
      );
    }
    // Credentials first: without them nothing is uploaded, and the failure names CodeBuild's settings.
    service = awsServices.codeBuild;
    await client.config.credentials();
    service = awsServices.s3;
    const { bucket, sources } = await uploadSources(job, tools, settings.artifactBucket);
    service = awsServices.codeBuild;
    const started = await client.send(new StartBuildCommand(startBuildRequest(job, configuration, sources, bucket)), { abortSignal: signal });
    buildId = started.build?.id;
    if (buildId === undefined) throw new AwsActionFailure('JobFailed', `AWS CodeBuild answered StartBuild for ${configuration.projectName} without a build id.`);
    log.line('system', `Started build ${buildId} of ${configuration.projectName} on AWS CodeBuild in ${region}.`);
    tools.progress({ externalExecutionId: buildId, summary: `Build ${buildId}` });

    const id = buildId;
    let lastPhase = '';
    const build = await pollUntil(
      async () => {
        const { builds = [] } = await client.send(new BatchGetBuildsCommand({ ids: [id] }), { abortSignal: signal });
        const found = builds.find((candidate) => candidate.id === id);
        if (found === undefined) throw new AwsActionFailure('JobFailed', `AWS CodeBuild no longer knows the build ${id} (BatchGetBuilds: buildsNotFound).`);
        return found;
      },
      (current) => current.buildComplete === true,
      {
        intervalMs: settings.pollIntervalMs,
        signal,
        onRead: (current) => {
          if (current.currentPhase !== undefined && current.currentPhase !== lastPhase) {
            lastPhase = current.currentPhase;
            log.line('system', `Build ${id}: ${lastPhase}`);
          }
          const link = current.logs?.deepLink;
          tools.progress({ externalExecutionId: id, summary: `Build ${id}: ${lastPhase}`, ...(link !== undefined ? { externalExecutionUrl: link } : {}) });
        },
      },
    );
    return await outcome(job, tools, build, signal);
  } catch (error) {
    if (signal.aborted) {
      if (buildId !== undefined) await stopBuild(client, buildId, tools);
      signal.throwIfAborted();
    }
    const failure = awsFailure(error, service, region);
    log.line('system', `CodeBuild action FAILED: ${failure.message}`);
    return { ...failure, ...(buildId !== undefined ? { externalExecutionId: buildId } : {}) };
  } finally {
    client.destroy();
  }
}

function readConfiguration(job: ActionJob): CodeBuildActionConfiguration {
  try {
    return readCodeBuildConfiguration(job.action.configuration, job.inputArtifacts.map((input) => input.name));
  } catch (error) {
    if (isBuildConfigurationError(error)) throw new AwsActionFailure('ConfigurationError', error.message);
    throw error;
  }
}

async function outcome(job: ActionJob, tools: ProviderTools, build: Build, signal: AbortSignal): Promise<ActionOutcome> {
  const id = build.id ?? '';
  const link = build.logs?.deepLink;
  const external = { externalExecutionId: id, ...(link !== undefined ? { externalExecutionUrl: link } : {}) };
  if (build.buildStatus !== 'SUCCEEDED') {
    const message = buildFailureMessage(build);
    tools.log.line('system', `CodeBuild action FAILED: ${message}`);
    return { status: 'Failed', failureType: 'JobFailed', message, ...external };
  }
  const outputArtifacts = await downloadOutputArtifacts(job, tools, build, signal);
  const summary = `Build ${id} succeeded`;
  tools.log.line('system', summary);
  return { status: 'Succeeded', summary, outputArtifacts, outputVariables: exportedVariables(build), ...external };
}

/** StopBuild for a build whose action was stopped; a failure to stop it is logged, the action ends anyway. */
async function stopBuild(client: CodeBuildClient, buildId: string, tools: ProviderTools): Promise<void> {
  try {
    await client.send(new StopBuildCommand({ id: buildId }), { abortSignal: AbortSignal.timeout(stopBuildTimeoutMs) });
    tools.log.line('system', `Stopped build ${buildId} on AWS CodeBuild (StopBuild).`);
  } catch (error) {
    tools.log.line('system', `Could not stop build ${buildId} on AWS CodeBuild: ${(error as Error).message}`);
  }
}
