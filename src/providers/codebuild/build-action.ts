import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ActionJob, ActionOutcome, ProviderTools } from '../../core/contracts/action-provider.js';
import type { Checkout } from '../../core/contracts/artifact-store.js';
import { isCoverageReport, type BuildReport, type TestReport } from '../../core/contracts/test-report.js';
import { traceJob } from '../../core/job-trace.js';
import { isBuildConfigurationError } from './configuration-error.js';
import { currentSandbox } from '../shared/sandbox/current-sandbox.js';
import { preparedSandboxesOf } from '../shared/sandbox/prepared-sandboxes.js';
import type { BuildSource } from './environment/built-in-variables.js';
import { executeBuild, type BuildPlan } from './execute-build.js';
import { roleEnvironment, roleFailure } from './environment/role-environment.js';

/**
 * What CodeBuild and Commands actions share around a build: each input artifact checked out writable
 * into the workspace (`sources/<artifact>`), the build, its output directories stored as the action's
 * output artifacts, and the outcome. `makePlan` turns the checked-out sources into the build's plan;
 * a BuildConfigurationError from it (or before) fails the action with ConfigurationError.
 */
export async function runBuildAction(
  job: ActionJob,
  tools: ProviderTools,
  signal: AbortSignal,
  options: { primarySource: string; makePlan: (sources: BuildSource[]) => Promise<BuildPlan>; killGraceMs?: number },
): Promise<ActionOutcome> {
  const checkouts: Checkout[] = [];
  // A shell started ahead in a workspace of its own (shared/sandbox/prepared-sandboxes.ts): that
  // workspace is this job's, the sources checked out into it; executeBuild takes the shell or starts cold.
  const workRoot = join(tools.dataDir, 'work');
  const pool = preparedSandboxesOf(currentSandbox());
  const action = `${job.pipeline.name}/${job.action.name}`;
  const slot = pool.take(workRoot, action);
  const workspace = slot?.workspace ?? tools.workspace;
  try {
    const sources: BuildSource[] = [];
    for (const input of job.inputArtifacts) {
      const checkout = await tools.artifacts.checkout(input.ref, join(workspace, 'sources', input.name), 'writable');
      checkouts.push(checkout);
      sources.push({
        name: input.name,
        dir: checkout.directory,
        ...(input.revision !== undefined ? { revision: input.revision } : {}),
        location: { bucket: input.ref.bucket, key: input.ref.key },
      });
    }
    traceJob(job.action.actionExecutionId, 'build: inputs checked out');
    // The primary source first: the build runs in it.
    sources.sort((a, b) => Number(b.name === options.primarySource) - Number(a.name === options.primarySource));

    let plan: BuildPlan;
    try {
      plan = await options.makePlan(sources);
    } catch (error) {
      if (isBuildConfigurationError(error)) return configurationFailure(tools, error.message);
      throw error;
    }
    pool.wants(workRoot, action, plan.buildspec.shell);
    let awsEnvironment: Record<string, string>;
    try {
      awsEnvironment = await roleEnvironment(job, tools, plan.serviceRole);
    } catch (error) {
      const failure = roleFailure(tools, error);
      if (failure !== undefined) return failure;
      throw error;
    }
    const result = await executeBuild(plan, {
      pipelineName: job.pipeline.name,
      region: job.action.region,
      // Pipewright's ARNs are all in the aws partition; the account is the server's.
      partition: 'aws',
      accountId: tools.partition.accountId,
      actionExecutionId: job.action.actionExecutionId,
      dataDir: tools.dataDir,
      workspace,
      clock: tools.clock,
      log: tools.log,
      secrets: tools.secrets,
      signal,
      progress: (update) => tools.progress(update),
      awsEnvironment,
      ...(options.killGraceMs !== undefined ? { killGraceMs: options.killGraceMs } : {}),
      ...(slot !== undefined ? { prepared: { slot, sourceMounted: await anyMounted(workspace, sources) } } : {}),
    });
    traceJob(job.action.actionExecutionId, 'build: build ended');
    const reports = result.reports.length > 0 ? { reports: result.reports } : {};
    if (result.status !== 'SUCCEEDED') {
      return { status: 'Failed', failureType: result.failureType, message: result.message, externalExecutionId: result.buildId, ...reports };
    }
    const outputArtifacts: NonNullable<Extract<ActionOutcome, { status: 'Succeeded' }>['outputArtifacts']> = {};
    for (const [name, directory] of Object.entries(result.outputs)) {
      outputArtifacts[name] = await tools.artifacts.putDirectory(directory, { pipelineName: job.pipeline.name, artifactName: name, executionId: job.pipeline.executionId }, { consume: true });
    }
    traceJob(job.action.actionExecutionId, 'build: outputs stored');
    return {
      status: 'Succeeded',
      outputArtifacts,
      outputVariables: result.exportedVariables,
      summary: summary(result.buildNumber, result.reports),
      externalExecutionId: result.buildId,
      ...reports,
    };
  } catch (error) {
    if (isBuildConfigurationError(error)) return configurationFailure(tools, error.message);
    throw error;
  } finally {
    // The checkouts go once the outcome is reported, before the workspace they are in (their removal held
    // a build's result 3.5–7.5 ms under load); where tools cannot wait for that, now.
    const release = async (): Promise<void> => {
      for (const checkout of checkouts) await checkout.release();
      if (slot !== undefined) await pool.finished(workRoot, slot);
    };
    if (tools.afterOutcome !== undefined) tools.afterOutcome(release);
    else await release();
  }
}

/** Whether a source directory is a mount of its own (an overlay checkout), not a directory of the workspace's filesystem. */
async function anyMounted(workspace: string, sources: readonly BuildSource[]): Promise<boolean> {
  const device = (await stat(workspace)).dev;
  for (const source of sources) if ((await stat(source.dir)).dev !== device) return true;
  return false;
}

function configurationFailure(tools: ProviderTools, message: string): ActionOutcome {
  tools.log.line('system', `Build FAILED: ${message}`);
  return { status: 'Failed', failureType: 'ConfigurationError', message };
}

function summary(buildNumber: number, reports: readonly BuildReport[]): string {
  const tests = reports.filter((report): report is TestReport => !isCoverageReport(report));
  const coverage = reports.filter(isCoverageReport);
  const parts = [`Build #${buildNumber} succeeded`];
  if (tests.length > 0) {
    const total = (key: 'passed' | 'failed' | 'skipped' | 'errored') => tests.reduce((sum, report) => sum + report.totals[key], 0);
    parts.push(`tests: ${total('passed')} passed, ${total('failed')} failed, ${total('errored')} errors, ${total('skipped')} skipped`);
  }
  if (coverage.length > 0) parts.push(`line coverage: ${coverage.map((report) => `${report.summary.lineCoveragePercentage}%`).join(', ')}`);
  return parts.join('; ');
}
