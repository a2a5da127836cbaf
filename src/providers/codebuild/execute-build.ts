import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import type { ActionLog } from '../../core/contracts/action-log.js';
import type { FailureType } from '../../core/contracts/action-provider.js';
import { jobAbortReason, type JobAbortReason } from '../../core/contracts/action-provider.js';
import type { SecretResolver } from '../../core/contracts/secret-resolver.js';
import type { BuildReport } from '../../core/contracts/test-report.js';
import type { Clock } from '../../core/clock.js';
import { traceJob } from '../../core/job-trace.js';
import { BuildProcesses } from '../shared/build-processes.js';
import { BuildShell } from '../shared/build-shell.js';
import { currentSandbox } from '../shared/sandbox/current-sandbox.js';
import { guardFreeDisk } from '../shared/sandbox/disk-guard.js';
import { projectLimits } from '../shared/sandbox/project-limits.js';
import { coldStartReason } from '../shared/sandbox/adoption-rules.js';
import { settableEnvironment, type PreparedSandbox } from '../shared/sandbox/prepared-sandbox.js';
import type { ProjectEnvironment } from './project/project-environment.js';
import type { ShellState } from '../shared/env-state.js';
import type { Buildspec } from './buildspec/types.js';
import { BuildCache } from './cache/build-cache.js';
import { isBuildConfigurationError } from './configuration-error.js';
import { firstAwsCliLoadsPlugins, writeAwsCliConfig } from './environment/aws-cli-config.js';
import { placeBuildImage } from './environment/build-image.js';
import { builtInVariables, type BuildIdentity, type BuildSource } from './environment/built-in-variables.js';
import { expandVariables } from './environment/expand-variables.js';
import { exportedVariables, outputVariablesLimit, outputVariablesSize } from './environment/exported-variables.js';
import { lookUpUser, runAsLine, runAsName } from './environment/run-as.js';
import { runtimeVersionLines } from './environment/runtime-versions.js';
import { buildspecVariables, hostEnvironment, resolveVariables, type EnvironmentVariable, type ResolvedVariables } from './environment/variables.js';
import { expandArtifactName } from './outputs/artifact-name.js';
import { artifactSpecsFor } from './outputs/output-artifacts.js';
import { selectFiles } from './outputs/select-files.js';
import { stageFiles } from './outputs/stage-files.js';
import { runPhases, type PhasesOutcome } from './phases/run-phases.js';
import { nextBuildNumber } from './project/build-number.js';
import { collectReports } from './reports/collect-reports.js';

/** What to build: the buildspec, the sources (primary first), the outputs, the variables above the buildspec's. */
export interface BuildPlan {
  /** Names the build (its id, number and cache). */
  projectName: string;
  buildspec: Buildspec;
  sources: BuildSource[];
  /** The action's output artifacts, in declaration order. */
  outputs: string[];
  /** The project's then the action's declarations, lowest precedence first; all above the buildspec's. */
  variables: EnvironmentVariable[];
  timeoutInMinutes?: number;
  /** The project's environment: its image runs the build when a container engine has it (environment/build-image.ts). */
  environment?: ProjectEnvironment;
  /** The project's service role (an ARN or a role name), which the build's AWS calls run as. */
  serviceRole?: string;
  /** Set for a build of a batch: its identifier (CODEBUILD_BATCH_BUILD_IDENTIFIER). */
  batchIdentifier?: string;
}

/** Where and for whom it runs. */
export interface BuildContext {
  pipelineName: string;
  region: string;
  partition: string;
  accountId: string;
  actionExecutionId: string;
  dataDir: string;
  /** The job's own directory: `build/` (scripts, process records) and `outputs/` are made in it. */
  workspace: string;
  clock: Clock;
  log: ActionLog;
  secrets: SecretResolver;
  signal: AbortSignal;
  progress?: (update: { summary: string; externalExecutionId: string }) => void;
  /** How long processes get between SIGTERM and SIGKILL when the build ends or stops. */
  killGraceMs?: number;
  /** The role's credentials endpoint and the service endpoints (environment/role-environment.ts). */
  awsEnvironment?: Record<string, string>;
  /**
   * A shell started ahead whose workspace is `workspace` (sandbox/prepared-sandbox.ts): the build takes
   * it when it fits (sandbox/adoption-rules.ts), else discards it and starts cold in the same workspace.
   */
  prepared?: { slot: PreparedSandbox; sourceMounted: boolean };
}

export interface BuildIdentityResult {
  buildId: string;
  buildNumber: number;
  reports: BuildReport[];
}

export type BuildResult =
  | (BuildIdentityResult & {
      status: 'SUCCEEDED';
      /** Output artifact name → the directory holding its files (given up to the artifact store). */
      outputs: Record<string, string>;
      exportedVariables: Record<string, string>;
    })
  | (BuildIdentityResult & { status: 'FAILED' | 'STOPPED' | 'TIMED_OUT'; failureType: FailureType; message: string });

const defaultKillGraceMs = 5000;

/**
 * Runs one build the way CodeBuild runs a buildspec for CodePipeline, on this host: environment, cache
 * restore, the phases, then UPLOAD_ARTIFACTS (test reports, output artifacts, exported variables) and
 * the cache save. A mistake of the user's is a FAILED result with ConfigurationError; a fault of
 * Pipewright's (the workspace cannot be written…) is thrown. Every process the build started is ended
 * before this returns.
 */
export async function executeBuild(plan: BuildPlan, context: BuildContext): Promise<BuildResult> {
  const { log, clock } = context;
  const [primary, ...secondaries] = plan.sources;
  if (primary === undefined) throw new Error('A build needs at least one source');
  const buildNumber = await nextBuildNumber(join(context.dataDir, 'cache', 'codebuild', plan.projectName, 'build-numbers'));
  const trace = (step: string): void => traceJob(context.actionExecutionId, `build: ${step}`);
  trace('build number claimed');
  const buildId = `${plan.projectName}:${randomUUID()}`;
  const identity: BuildIdentity = {
    projectName: plan.projectName,
    buildId,
    buildArn: `arn:${context.partition}:codebuild:${context.region}:${context.accountId}:build/${buildId}`,
    buildNumber,
    startTime: clock.now(),
    pipelineName: context.pipelineName,
    region: context.region,
    partition: context.partition,
    logPath: context.actionExecutionId,
  };
  const result = { buildId, buildNumber, reports: [] as BuildReport[] };
  const failed = (failureType: FailureType, message: string, status: 'FAILED' | 'STOPPED' | 'TIMED_OUT' = 'FAILED'): BuildResult => {
    log.line('system', `Build ${status}: ${message}`);
    return { ...result, status, failureType, message };
  };

  log.line('system', `Build ${buildId} (#${buildNumber}) of project ${plan.projectName}, started by codepipeline/${context.pipelineName}`);
  context.progress?.({ summary: 'Build started', externalExecutionId: buildId });
  for (const line of plan.buildspec.warnings) log.line('system', line);
  for (const note of plan.buildspec.notes) log.line('system', `Note: ${note}`);
  if (plan.buildspec.batch !== undefined && plan.batchIdentifier === undefined) {
    log.line('system', 'Note: the buildspec has a batch section, which runs only when the action sets BatchEnabled; this is a single build');
  }
  const runtimes = Object.entries(plan.buildspec.phases.INSTALL.runtimeVersions);
  if (runtimes.length > 0) {
    log.line('system', `Runtime versions requested: ${runtimes.map(([runtime, version]) => `${runtime} ${version}`).join(', ')} (the host's installed runtimes are used)`);
    for (const line of await runtimeVersionLines(plan.buildspec.phases.INSTALL.runtimeVersions, hostEnvironment())) log.line('system', line);
  }

  let resolved: ResolvedVariables;
  let runAs: string | undefined;
  try {
    // run-as: the user is looked up here; the sandbox (BuildProcesses' `runAs`) runs the commands as
    // that name. Unsandboxed on purpose, nothing switches users, and the log says so.
    runAs = runAsName(plan.buildspec);
    if (runAs !== undefined) log.line('system', runAsLine(await lookUpUser(runAs), currentSandbox().status.kind === 'bwrap'));
    resolved = await resolveVariables([...buildspecVariables(plan.buildspec.env), ...plan.variables], context.secrets, log);
  } catch (error) {
    if (isBuildConfigurationError(error)) return failed('ConfigurationError', error.message);
    throw error;
  }
  const state: ShellState = {
    cwd: primary.dir,
    env: {
      ...hostEnvironment(),
      ...context.awsEnvironment,
      ...builtInVariables(identity, primary, secondaries),
      ...(plan.batchIdentifier !== undefined ? { CODEBUILD_BATCH_BUILD_IDENTIFIER: plan.batchIdentifier } : {}),
      ...resolved.values,
    },
  };

  trace('variables resolved');
  const controlDir = join(context.workspace, 'build');
  await mkdir(controlDir, { recursive: true });
  trace('control directory made');

  // The project's image: run in, noted, or (not on the host) the build fails as CodeBuild's PROVISIONING does.
  const image = await placeBuildImage(plan.environment, currentSandbox());
  if (image.kind === 'unavailable') {
    log.line('system', `Phase complete: PROVISIONING State: FAILED`);
    log.line('system', `Phase context status code: BUILD_CONTAINER_UNABLE_TO_PULL_IMAGE Message: ${image.message}`);
    return failed('JobFailed', image.message);
  }
  // An AWS CLI older than the endpoint variables is pointed at them too (environment/aws-cli-config.ts):
  // the host's CLI only, since an image's own CLI is unknown here (a v1 would refuse the plugin line).
  const sandboxed = currentSandbox().status.kind === 'bwrap';
  const hasRole = context.awsEnvironment !== undefined && Object.keys(context.awsEnvironment).length > 0;
  if (hasRole && image.kind !== 'container' && firstAwsCliLoadsPlugins(state.env.PATH ?? '', sandboxed)) {
    await writeAwsCliConfig(join(context.workspace, 'home'));
  }
  // Limits come from the project's and the action's variables only, never the buildspec's own env.
  const container = image.kind === 'container' ? { container: image.run } : {};
  const limits = projectLimits(plan.variables);
  const slot = context.prepared?.slot;
  const coldReason =
    context.prepared === undefined
      ? 'none prepared'
      : coldStartReason({
          usable: context.prepared.slot.usable,
          shell: plan.buildspec.shell,
          slotShell: context.prepared.slot.shellName,
          runAs,
          limits,
          defaultLimits: context.prepared.slot.processes.sandbox.settings.limits,
          inContainer: image.kind === 'container',
          sourceMounted: context.prepared.sourceMounted,
          environmentSettable: settableEnvironment(state.env),
        });
  const adopted = coldReason === undefined ? slot : undefined;
  if (slot !== undefined && adopted === undefined) await slot.discard();
  const processes = adopted?.processes ?? new BuildProcesses(controlDir, { limits, ...(runAs !== undefined ? { runAs } : {}), ...container });
  trace(adopted !== undefined ? 'sandbox chosen (prepared)' : `sandbox chosen (cold: ${coldReason})`);
  const graceMs = context.killGraceMs ?? defaultKillGraceMs;
  const cache = new BuildCache(context.dataDir, plan.projectName);
  const cachePaths = sandboxedCachePaths(
    plan.buildspec.cachePaths.map((path) => expandVariables(path, state.env)),
    primary.dir,
    processes,
    log,
  );
  if (cachePaths.length > 0) await cache.restore(primary.dir, log);

  const timed = buildSignal(context.signal, plan.timeoutInMinutes, clock);
  // A build filling the disk is stopped before the server runs out of room (a failure, not a stop).
  const diskFull = new AbortController();
  let diskMessage: string | undefined;
  const stopGuard = guardFreeDisk(context.workspace, processes.sandbox.settings.minFreeDiskMb, (message) => {
    diskMessage = message;
    log.line('system', `[Pipewright sandbox] ${message}`);
    diskFull.abort({ kind: 'abandoned', message });
  });
  const signal = AbortSignal.any([timed.signal, diskFull.signal]);
  const dispose = (): void => {
    stopGuard();
    timed.dispose();
  };
  const stopOnAbort = (): void => void processes.terminate(graceMs);
  signal.addEventListener('abort', stopOnAbort, { once: true });
  const shell = new BuildShell({
    shell: plan.buildspec.shell,
    state,
    fallbackCwd: primary.dir,
    controlDir,
    processes,
    output: (stream, chunk) => log.write(stream, chunk),
    ...(adopted !== undefined ? { prepared: adopted } : {}),
  });
  let phases: PhasesOutcome;
  // How its processes run, and who as: from here on the build holds its uid, until terminate below.
  log.line('system', processes.describe());
  if (image.line !== undefined) log.line('system', image.line);
  // The state the build ended in, for exported variables and artifact names (asking costs a process).
  let finalState: ShellState | undefined;
  const needsState = plan.buildspec.env.exportedVariables.length > 0 || hasArtifactNames(plan.buildspec);
  try {
    phases = await runPhases({
      phases: plan.buildspec.phases,
      shell,
      log,
      clock,
      signal,
      onPhase: (phase) => {
        trace(`phase ${phase} entered`);
        context.progress?.({ summary: `Phase ${phase}`, externalExecutionId: buildId });
      },
      shellPerCommand: plan.buildspec.version === '0.1',
    });
    trace('phases ran');
    if (needsState && !signal.aborted) finalState = await shell.currentState();
    await shell.close();
    trace('shell closed');
  } finally {
    signal.removeEventListener('abort', stopOnAbort);
    dispose();
    // Daemons a command left running end with the build's phases: nothing may change the files
    // while they are taken as artifacts and cache.
    await processes.terminate(graceMs);
  }
  trace('processes ended');
  const endState = finalState ?? state;

  if (phases.stopped !== undefined) {
    if (diskMessage !== undefined) return failed('JobFailed', `Build stopped in phase ${phases.stopped.phase}: ${diskMessage}`);
    const reason = jobAbortReason(signal.reason);
    const where = `in phase ${phases.stopped.phase}${phases.stopped.command !== undefined ? `, running '${phases.stopped.command}'` : ''}`;
    return reason.kind === 'timed-out'
      ? failed('JobFailed', `Build timed out (${reason.message}) ${where}`, 'TIMED_OUT')
      : failed('JobFailed', `Build stopped (${reason.message}) ${where}`, 'STOPPED');
  }
  if (phases.next === 'FINALIZING') return failed('JobFailed', commandFailureMessage(phases, buildId));

  // UPLOAD_ARTIFACTS: attempted once BUILD was reached, even when it failed.
  log.line('system', 'Entering phase UPLOAD_ARTIFACTS');
  context.progress?.({ summary: 'Phase UPLOAD_ARTIFACTS', externalExecutionId: buildId });
  result.reports = await collectReports(plan.buildspec.reports, primary.dir, log, endState.env);
  const upload = await uploadArtifacts(plan, primary.dir, context.workspace, endState, processes, log);
  await processes.terminate(graceMs);
  trace('artifacts uploaded');
  log.line('system', `Phase complete: UPLOAD_ARTIFACTS State: ${upload.error === undefined ? 'SUCCEEDED' : 'FAILED'}`);
  if (upload.error !== undefined) log.line('system', `Phase context status code: CLIENT_ERROR Message: ${upload.error}`);

  if (phases.firstFailure !== undefined) return failed('JobFailed', commandFailureMessage(phases, buildId));
  if (upload.error !== undefined) return failed('JobFailed', `Phase UPLOAD_ARTIFACTS failed: ${upload.error} (build ${buildId})`);

  const exported = exportedVariables(plan.buildspec.env.exportedVariables, endState.env, resolved.secretNames, log);
  const size = outputVariablesSize(exported);
  if (size > outputVariablesLimit) {
    return failed('JobFailed', `The exported variables take ${size} bytes, more than the ${outputVariablesLimit} bytes CodePipeline allows an action's output variables`);
  }
  if (cachePaths.length > 0) await cache.save(cachePaths, primary.dir, log);
  log.line('system', `Build SUCCEEDED in ${((clock.now() - identity.startTime) / 1000).toFixed(1)} s`);
  return { ...result, status: 'SUCCEEDED', outputs: upload.outputs, exportedVariables: exported };
}

function hasArtifactNames(buildspec: Buildspec): boolean {
  const artifacts = buildspec.artifacts;
  return artifacts !== undefined && (artifacts.name !== undefined || Object.values(artifacts.secondaryArtifacts).some((spec) => spec.name !== undefined));
}

function commandFailureMessage(phases: PhasesOutcome, buildId: string): string {
  const failure = phases.firstFailure;
  if (failure === undefined) return `The build failed (build ${buildId})`;
  return `Phase ${failure.phase} failed: command '${failure.command}' exited with status ${failure.exitCode} (build ${buildId})`;
}

/** The worker's signal, aborted too when the project's timeout passes (on the job's clock). */
function buildSignal(signal: AbortSignal, timeoutInMinutes: number | undefined, clock: Clock): { signal: AbortSignal; dispose: () => void } {
  if (timeoutInMinutes === undefined) return { signal, dispose: () => undefined };
  const timeout = new AbortController();
  const ended = new AbortController();
  const reason: JobAbortReason = { kind: 'timed-out', message: `the project's timeout of ${timeoutInMinutes} minutes passed` };
  clock.sleep(timeoutInMinutes * 60_000, ended.signal).then(
    () => timeout.abort(reason),
    () => undefined,
  );
  return { signal: AbortSignal.any([signal, timeout.signal]), dispose: () => ended.abort() };
}

async function uploadArtifacts(
  plan: BuildPlan,
  srcDir: string,
  workspace: string,
  state: ShellState,
  processes: BuildProcesses,
  log: ActionLog,
): Promise<{ outputs: Record<string, string>; error?: string }> {
  const outputs: Record<string, string> = {};
  const { specs, error } = artifactSpecsFor(plan.outputs, plan.buildspec.artifacts);
  if (error !== undefined) return { outputs, error };
  for (const [output, spec] of specs) {
    // CodeBuild's variables are expanded in base-directory and files (`$CODEBUILD_SRC_DIR_source1`).
    const selected = await selectFiles({
      srcDir,
      files: spec.files.map((file) => expandVariables(file, state.env)),
      ...(spec.baseDirectory !== undefined ? { baseDirectory: expandVariables(spec.baseDirectory, state.env) } : {}),
      excludePaths: spec.excludePaths,
      discardPaths: spec.discardPaths,
      enableSymlinks: spec.enableSymlinks,
    });
    for (const problem of selected.problems) log.line('system', `Artifact ${output}: ${problem}`);
    if (selected.files.length === 0) return { outputs, error: `no matching artifact paths found for output artifact ${output} (files: ${spec.files.join(', ')})` };
    const directory = join(workspace, 'outputs', output);
    const { overwritten } = await stageFiles(selected.files, directory);
    for (const path of overwritten) log.line('system', `Artifact ${output}: ${path} was matched twice with discard-paths; the last one is kept`);
    if (spec.name !== undefined) {
      const name = await expandArtifactName(spec.name, state, processes);
      log.line('system', `Artifact ${output}: name ${name ?? `${spec.name} (could not be expanded)`}`);
    }
    log.line('system', `Artifact ${output}: ${selected.files.length} file${selected.files.length === 1 ? '' : 's'}`);
    outputs[output] = directory;
  }
  return { outputs };
}

/**
 * A sandboxed build sees no host path outside its workspace, and a link it leaves in its workspace
 * would have the server read host files for it: absolute cache paths outside the source directory are
 * kept for unsandboxed builds only, and the log says so.
 */
function sandboxedCachePaths(paths: string[], srcDir: string, processes: BuildProcesses, log: ActionLog): string[] {
  if (processes.sandbox.status.kind !== 'bwrap') return paths;
  return paths.filter((path) => {
    const inside = !isAbsolute(path) || !relative(srcDir, path).startsWith('..');
    if (!inside) log.line('system', `Cache path ${path} is outside the source directory, which a sandboxed build cannot keep: not cached`);
    return inside;
  });
}
