import { readFile, rename, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ActionJob, ActionOutcome, ProviderTools } from '../../../core/contracts/action-provider.js';
import type { Checkout } from '../../../core/contracts/artifact-store.js';
import type { BuildReport } from '../../../core/contracts/test-report.js';
import type { BatchBuildSpec } from '../buildspec/batch-spec.js';
import { parseBuildspec } from '../buildspec/parse-buildspec.js';
import { BuildConfigurationError, isBuildConfigurationError } from '../configuration-error.js';
import type { BuildSource } from '../environment/built-in-variables.js';
import { executeBuild, type BuildPlan, type BuildResult } from '../execute-build.js';
import { roleEnvironment, roleFailure } from '../environment/role-environment.js';
import { PrefixedLog } from './prefixed-log.js';
import { runBatch } from './run-batch.js';

/**
 * A CodeBuild action with BatchEnabled: the buildspec's `batch` builds, each in a checkout of its own
 * (`batch/<identifier>/`), as CodeBuild gives each its own container. With CombineArtifacts the builds'
 * artifacts become one output artifact, a folder per build identifier; without it each output artifact
 * is the artifact of the build of its name (CodePipeline's CodeBuild action reference).
 */
export async function runBatchAction(
  job: ActionJob,
  tools: ProviderTools,
  signal: AbortSignal,
  options: { primarySource: string; combineArtifacts: boolean; makePlan: (sources: BuildSource[]) => Promise<BuildPlan>; killGraceMs?: number },
): Promise<ActionOutcome> {
  const checkouts: Checkout[] = [];
  const checkOut = async (root: string): Promise<BuildSource[]> => {
    const sources: BuildSource[] = [];
    for (const input of job.inputArtifacts) {
      const checkout = await tools.artifacts.checkout(input.ref, join(root, 'sources', input.name), 'writable');
      checkouts.push(checkout);
      sources.push({ name: input.name, dir: checkout.directory, ...(input.revision !== undefined ? { revision: input.revision } : {}), location: { bucket: input.ref.bucket, key: input.ref.key } });
    }
    return sources.sort((a, b) => Number(b.name === options.primarySource) - Number(a.name === options.primarySource));
  };
  try {
    let base: BuildPlan;
    try {
      base = await options.makePlan(await checkOut(join(tools.workspace, 'batch', '_plan')));
    } catch (error) {
      if (isBuildConfigurationError(error)) return configurationFailure(tools, error.message);
      throw error;
    }
    let awsEnvironment: Record<string, string>;
    try {
      awsEnvironment = await roleEnvironment(job, tools, base.serviceRole);
    } catch (error) {
      const failure = roleFailure(tools, error);
      if (failure !== undefined) return failure;
      throw error;
    }
    const batch = base.buildspec.batch;
    if (batch === undefined) return configurationFailure(tools, 'BatchEnabled is true, but the buildspec has no batch section');
    const outputs = job.outputArtifacts.map((output) => output.name);
    if (options.combineArtifacts && outputs.length > 1) return configurationFailure(tools, 'CombineArtifacts makes one output artifact; the action declares more');
    const identifiers = new Set(batch.builds.map((build) => build.identifier));
    const unmatched = options.combineArtifacts ? [] : outputs.filter((output) => !identifiers.has(output));
    if (unmatched.length > 0) {
      return configurationFailure(tools, `Output artifact${unmatched.length > 1 ? 's' : ''} ${unmatched.join(', ')} name${unmatched.length > 1 ? '' : 's'} no build of the batch (builds: ${[...identifiers].join(', ')}); without CombineArtifacts each output artifact is the build of its name`);
    }
    tools.log.line('system', `Batch build (${batch.kind}) of ${batch.builds.length} builds: ${[...identifiers].join(', ')}${batch.fastFail ? ', fast-fail' : ''}`);

    const runOne = async (build: BatchBuildSpec, buildSignal: AbortSignal): Promise<BuildResult> => {
      const root = join(tools.workspace, 'batch', build.identifier);
      const log = new PrefixedLog(tools.log, build.identifier);
      try {
        const sources = await checkOut(root);
        const buildspec = build.buildspec === undefined ? base.buildspec : await readOtherBuildspec(sources[0]!, build.buildspec);
        const wanted = options.combineArtifacts ? buildspec.artifacts !== undefined : outputs.includes(build.identifier);
        const plan: BuildPlan = {
          ...base,
          buildspec,
          sources,
          outputs: wanted ? [build.identifier] : [],
          batchIdentifier: build.identifier,
          variables: [...base.variables, ...Object.entries(build.variables).map(([name, value]) => ({ name, value, type: 'PLAINTEXT' as const, origin: `batch build ${build.identifier}` }))],
        };
        return await executeBuild(plan, {
          pipelineName: job.pipeline.name,
          region: job.action.region,
          partition: 'aws',
          accountId: tools.partition.accountId,
          actionExecutionId: job.action.actionExecutionId,
          dataDir: tools.dataDir,
          workspace: root,
          clock: tools.clock,
          log,
          secrets: tools.secrets,
          signal: buildSignal,
          awsEnvironment,
          ...(options.killGraceMs !== undefined ? { killGraceMs: options.killGraceMs } : {}),
        });
      } catch (error) {
        if (!isBuildConfigurationError(error)) throw error;
        log.line('system', `Build FAILED: ${error.message}`);
        return { buildId: build.identifier, buildNumber: 0, reports: [], status: 'FAILED', failureType: 'ConfigurationError', message: error.message };
      } finally {
        await log.close();
      }
    };

    const outcomes = await runBatch(batch, runOne, tools.log, signal);
    const reports: BuildReport[] = outcomes.flatMap((outcome) =>
      outcome.status === 'RAN' ? outcome.result.reports.map((report) => ({ ...report, reportGroup: `${report.reportGroup} (${outcome.identifier})` })) : [],
    );
    const withReports = reports.length > 0 ? { reports } : {};
    const byId = new Map(batch.builds.map((build) => [build.identifier, build]));
    const failures = outcomes.filter((outcome) =>
      outcome.status === 'SKIPPED' ? true : outcome.result.status !== 'SUCCEEDED' && byId.get(outcome.identifier)?.ignoreFailure !== true,
    );
    if (failures.length > 0) {
      const first = failures[0]!;
      const why = first.status === 'SKIPPED' ? `skipped: ${first.reason}` : first.result.status === 'SUCCEEDED' ? '' : first.result.message;
      const message = `Batch build failed: ${failures.length} of ${outcomes.length} builds did not succeed; ${first.identifier} ${why}`;
      tools.log.line('system', message);
      const failureType = first.status === 'RAN' && first.result.status !== 'SUCCEEDED' ? first.result.failureType : 'JobFailed';
      return { status: 'Failed', failureType, message, ...withReports };
    }

    const outputArtifacts: NonNullable<Extract<ActionOutcome, { status: 'Succeeded' }>['outputArtifacts']> = {};
    const put = (name: string, directory: string) =>
      tools.artifacts.putDirectory(directory, { pipelineName: job.pipeline.name, artifactName: name, executionId: job.pipeline.executionId }, { consume: true });
    const built = new Map(outcomes.flatMap((outcome) => (outcome.status === 'RAN' && outcome.result.status === 'SUCCEEDED' ? [[outcome.identifier, outcome.result.outputs] as const] : [])));
    if (options.combineArtifacts && outputs[0] !== undefined) {
      const combined = join(tools.workspace, 'batch', '_combined');
      await mkdir(combined, { recursive: true });
      for (const [identifier, directories] of built) {
        const directory = directories[identifier];
        if (directory !== undefined) await rename(directory, join(combined, identifier));
      }
      outputArtifacts[outputs[0]] = await put(outputs[0], combined);
    } else {
      for (const output of outputs) {
        const directory = built.get(output)?.[output];
        if (directory === undefined) return configurationFailure(tools, `Batch build ${output} made no artifact for output artifact ${output}`);
        outputArtifacts[output] = await put(output, directory);
      }
    }
    const ignored = outcomes.filter((outcome) => outcome.status === 'RAN' && outcome.result.status !== 'SUCCEEDED').map((outcome) => outcome.identifier);
    return {
      status: 'Succeeded',
      outputArtifacts,
      summary: `Batch of ${outcomes.length} builds succeeded${ignored.length > 0 ? ` (failures ignored: ${ignored.join(', ')})` : ''}`,
      ...withReports,
    };
  } finally {
    for (const checkout of checkouts) await checkout.release();
  }
}

async function readOtherBuildspec(primary: BuildSource, path: string) {
  let text: string;
  try {
    text = await readFile(resolve(primary.dir, path), 'utf8');
  } catch {
    throw new BuildConfigurationError(`YAML_FILE_ERROR: the buildspec ${path} does not exist in the primary source ${primary.name}`);
  }
  return parseBuildspec(text, path);
}

function configurationFailure(tools: ProviderTools, message: string): ActionOutcome {
  tools.log.line('system', `Build FAILED: ${message}`);
  return { status: 'Failed', failureType: 'ConfigurationError', message };
}
