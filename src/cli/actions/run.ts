import { existsSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  CreatePipelineCommand,
  GetPipelineCommand,
  ListPipelineExecutionsCommand,
  StartPipelineExecutionCommand,
  UpdatePipelineCommand,
  type PipelineDeclaration,
  type PipelineExecution,
} from '@aws-sdk/client-codepipeline';
import { call, codePipelineClient, createRepository, ServerRefusedError, type Connection } from '../../client/index.js';
import { actionTypeKey } from '../../core/declaration/types.js';
import { actionProviders } from '../../server/action-providers.js';
import type { BuildProjectHint } from '../../templates/index.js';
import { printJson, type CliContext } from '../cli-context.js';
import { parseApiDefinition, readDefinitionForCommand } from '../definition-source.js';
import { CliFailure, ExitCode, usageError } from '../exit-codes.js';
import { colourStatus, formatDuration } from '../format.js';
import { readOnEveryChange } from '../live-reads.js';
import { startEmbeddedServer, type EmbeddedServer } from '../run/embedded-server.js';
import { followRun } from '../run/follow-run.js';
import { planRun, type RunPlan } from '../run/run-plan.js';
import { SkippedActionsWorker } from '../run/skipped-actions-worker.js';
import { snapshotWorkingCopy, type WorkingCopySnapshot } from '../run/working-copy-snapshot.js';
import { runAction } from '../run-action.js';
import {  keyValues, type TemplateFlags } from '../template-options.js';
import { printTranslationReport } from '../translation-report.js';

interface RunOptions extends TemplateFlags {
  file: string;
  source: string[];
  var: string[];
  skip: string[];
  approve?: string;
  keep: boolean;
}

/**
 * `run -f FILE`: one execution of a pipeline on the working copy, in one command, as `act` does for
 * GitHub Actions. FILE is any definition `apply` takes (CodePipeline JSON/YAML, CloudFormation, SAM,
 * CDK). A server of its own starts on a temporary data directory (or `--endpoint-url` names a running
 * one); each source action reads a working copy (the current directory for the first, `--source
 * ACTION=PATH` for any), its uncommitted changes included as a commit of their own; repositories,
 * the S3 source's object and the template's CodeBuild projects are created; the pipeline runs once,
 * its stages and logs streamed live, approvals answered (`--approve all`, or a prompt on a terminal).
 * Actions that cannot run here (they call AWS with no credentials configured, or have no provider) are
 * reported before anything starts; `--skip STAGE/ACTION` (or `--skip STAGE`) runs the rest, the skipped
 * actions succeeding as visible stand-ins. Exit 0 only when the execution succeeded; `--keep` leaves
 * the data directory to open with `pipewright server --data-dir DIR`.
 */
export const runCommandAction = runAction<RunOptions>(async (context, options) => {
      const started = Date.now();
      if (options.approve !== undefined && options.approve !== 'all') throw usageError(`--approve takes \`all\`; got ${JSON.stringify(options.approve)}.`);
      return runPipeline(context, options, { started, remoteEndpoint: context.endpointFlag });
    });

async function runPipeline(context: CliContext, options: RunOptions, settings: { started: number; remoteEndpoint: string | undefined }): Promise<ExitCode> {
  const { out } = context;
  const print = context.json ? out.note : out.line;
  const definition = await readDefinitionForCommand(options.file, options, context.connection);
  let declaration: Record<string, unknown> & { name: string };
  let buildProjects: BuildProjectHint[] = [];
  if (definition.kind === 'api') {
    declaration = parseApiDefinition(definition).pipeline as Record<string, unknown> & { name: string };
  } else {
    const { pipelines } = definition.result;
    if (pipelines.length !== 1) {
      throw usageError(`${definition.source} declares ${pipelines.length} pipelines (${pipelines.map((pipeline) => pipeline.logicalId).join(', ')}): choose one with --logical-id.`);
    }
    const translated = pipelines[0]!;
    declaration = translated.pipeline;
    buildProjects = translated.buildProjects;
    print(`${definition.source}: ${translated.kind === 'cdk' ? 'CDK' : 'CloudFormation'} resource ${translated.logicalId} → pipeline ${declaration.name}`);
    printTranslationReport(out, translated);
  }
  withVariables(declaration, keyValues(options.var, '--var'));

  const embedded = settings.remoteEndpoint === undefined;
  const runsHere = new Set(actionProviders().flatMap((provider) => provider.actionTypes.map((type) => actionTypeKey(type))));
  const plan = planRun(declaration, {
    sources: keyValues(options.source, '--source'),
    skip: options.skip,
    cwd: process.cwd(),
    runsHere: (key) => runsHere.has(key),
    awsConfigured: awsConfigured(process.env),
    embedded,
  });
  if (plan.blockers.length > 0) {
    throw new CliFailure(['The pipeline cannot run as asked; nothing was started:', ...plan.blockers.map((blocker) => `  - ${blocker}`)].join('\n'), ExitCode.refused);
  }
  for (const skipped of plan.skipped) print(`${skipped.stageName}/${skipped.actionName} (${skipped.type}) will be skipped: ${skipped.reason}.`);

  const snapshots = new Map<string, WorkingCopySnapshot>();
  let server: EmbeddedServer | undefined;
  try {
    for (const source of plan.sources) {
      const snapshot = snapshots.get(source.path) ?? (await snapshotWorkingCopy(source.path));
      snapshots.set(source.path, snapshot);
      print(`${source.stageName}/${source.actionName} ← ${snapshot.path} (${snapshot.description})`);
    }
    if (embedded) server = await startEmbeddedServer();
    const connection: Connection = server === undefined ? context.connection : { endpoint: server.url, region: context.connection.region };
    const runContext = contextFor(context, connection);
    try {
      await prepare(runContext, plan, snapshots, buildProjects, server, print);
      const worker = new SkippedActionsWorker(runContext, plan.skipped, plan.pipeline.stages.flatMap((stage) => stage.actions.filter((action) => action.actionTypeId.owner === 'Custom' && action.actionTypeId.provider === 'PipewrightSkipped').map((action) => action.actionTypeId.category)));
      if (plan.skipped.length > 0) await worker.register();
      const executionId = await startExecution(runContext, plan, snapshots);
      print(`Running ${plan.pipeline.name} (execution ${executionId}) on ${server !== undefined ? `a server of its own, ${connection.endpoint}` : connection.endpoint}.`);
      const execution = await followRun(
        runContext,
        {
          pipelineName: plan.pipeline.name,
          pipelineExecutionId: executionId,
          skipped: plan.skipped,
          worker,
          approveAll: options.approve === 'all',
          interactive: process.stdin.isTTY === true && process.stderr.isTTY === true,
          approveHint: (stage, action) => `pipewright approve ${plan.pipeline.name} ${stage} ${action} --endpoint-url ${connection.endpoint}`,
          started: settings.started,
        },
        print,
      );
      return report(context, execution, plan, settings.started, print);
    } finally {
      runContext.client.destroy();
    }
  } finally {
    for (const snapshot of snapshots.values()) await snapshot.dispose();
    if (server !== undefined) {
      await server.close(options.keep);
      if (options.keep) {
        print(`The run's data directory is kept: ${server.dataDir}`);
        print(`Open it in the console with \`pipewright server --data-dir ${server.dataDir}\`, then http://127.0.0.1:8741/pipelines/${encodeURIComponent(declaration.name)}`);
      }
    }
  }
}

/** `--var k=v`: the execution's variables are the pipeline's, so they become the defaults of the run's pipeline (its first execution starts with its creation). */
function withVariables(declaration: Record<string, unknown>, variables: Record<string, string>): void {
  const names = Object.keys(variables);
  if (names.length === 0) return;
  const declared = (declaration.variables ?? []) as { name: string; defaultValue?: string }[];
  for (const name of names) {
    const variable = declared.find((candidate) => candidate.name === name);
    if (variable === undefined) throw usageError(`--var ${name}=…: the pipeline declares no variable ${name} (its variables: ${declared.map((candidate) => candidate.name).join(', ') || 'none'}).`);
    variable.defaultValue = variables[name];
  }
}

/** AWS credentials or an AWS endpoint, as the AWS SDK would find them. */
function awsConfigured(env: NodeJS.ProcessEnv): boolean {
  if (env.AWS_ACCESS_KEY_ID !== undefined || env.AWS_PROFILE !== undefined || env.AWS_WEB_IDENTITY_TOKEN_FILE !== undefined || env.AWS_ENDPOINT_URL !== undefined) return true;
  return existsSync(env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), '.aws', 'credentials'));
}

function contextFor(context: CliContext, connection: Connection): CliContext {
  const client = codePipelineClient(connection);
  return { ...context, connection, client, send: (send) => call(connection, () => send(client)) };
}

/** Repositories and their snapshots, connections, the S3 source's object, and the template's build projects. */
async function prepare(
  context: CliContext,
  plan: RunPlan,
  snapshots: ReadonlyMap<string, WorkingCopySnapshot>,
  buildProjects: readonly BuildProjectHint[],
  server: EmbeddedServer | undefined,
  print: (line: string) => void,
): Promise<void> {
  const connectionArns: string[] = [];
  for (const source of plan.sources) {
    const snapshot = snapshots.get(source.path)!;
    if (source.kind === 's3') {
      if (server === undefined) continue;
      const zip = join(server.dataDir, `${source.actionName}.zip`);
      await snapshot.archive(zip);
      await server.server.objects.putObject({ bucket: source.bucket, key: source.key, body: createReadStream(zip), metadata: { 'codepipeline-artifact-revision-summary': `pipewright run: ${snapshot.description}` } });
      continue;
    }
    try {
      await createRepository(context.connection, source.repository);
    } catch (error) {
      if (!(error instanceof ServerRefusedError) || !/exist/i.test(error.message)) throw error;
    }
    await snapshot.push(`${context.connection.endpoint.replace(/\/+$/, '')}/git/${source.repository}`, source.branch);
    if (source.connectionArn !== undefined) connectionArns.push(source.connectionArn);
  }
  if (server !== undefined && connectionArns.length > 0) await server.writeConnections(connectionArns);
  const usedProjects = new Set(
    plan.pipeline.stages.flatMap((stage) => stage.actions.filter((action) => action.actionTypeId.provider === 'CodeBuild').map((action) => action.configuration?.ProjectName ?? '')),
  );
  for (const project of buildProjects) {
    if (!usedProjects.has(project.name)) continue;
    if (server === undefined) {
      print(`note: build project ${project.name} is the server's own (projects/${project.name}.yml there), not the template's.`);
      continue;
    }
    await server.writeProject(project.name, {
      ...(project.buildspec !== undefined ? { buildspec: project.buildspec.kind === 'path' ? project.buildspec.path : project.buildspec.text } : {}),
      environmentVariables: project.environmentVariables,
      ...(project.timeoutInMinutes !== undefined && project.timeoutInMinutes >= 5 && project.timeoutInMinutes <= 2160 ? { timeoutInMinutes: project.timeoutInMinutes } : {}),
      description: `From the template's ${project.logicalId}`,
    });
  }
}

/**
 * Creates the pipeline, whose creation starts its first execution (as CodePipeline's does) on the
 * snapshots just pushed; on a reused server where it exists, updates it and starts an execution
 * pinned to the snapshots' commits.
 */
async function startExecution(context: CliContext, plan: RunPlan, snapshots: ReadonlyMap<string, WorkingCopySnapshot>): Promise<string> {
  const pipeline = plan.pipeline as unknown as PipelineDeclaration;
  const name = plan.pipeline.name;
  if (await exists(context, name)) {
    await context.send((client) => client.send(new UpdatePipelineCommand({ pipeline })));
    const sourceRevisions = plan.sources.flatMap((source) =>
      source.kind === 'git' ? [{ actionName: source.actionName, revisionType: 'COMMIT_ID' as const, revisionValue: snapshots.get(source.path)!.commitId }] : [],
    );
    const started = await context.send((client) => client.send(new StartPipelineExecutionCommand({ name, ...(sourceRevisions.length > 0 ? { sourceRevisions } : {}) })));
    return started.pipelineExecutionId ?? '';
  }
  await context.send((client) => client.send(new CreatePipelineCommand({ pipeline })));
  for await (const id of readOnEveryChange(context.connection, name, async () => {
    const listed = await context.send((client) => client.send(new ListPipelineExecutionsCommand({ pipelineName: name, maxResults: 1 })));
    return listed.pipelineExecutionSummaries?.[0]?.pipelineExecutionId;
  })) {
    if (id !== undefined) return id;
  }
  throw new Error('the event stream ended before the execution started');
}

async function exists(context: CliContext, name: string): Promise<boolean> {
  try {
    await context.send((client) => client.send(new GetPipelineCommand({ name })));
    return true;
  } catch (error) {
    if (error instanceof ServerRefusedError && error.exceptionName === 'PipelineNotFoundException') return false;
    throw error;
  }
}

function report(context: CliContext, execution: PipelineExecution, plan: RunPlan, started: number, print: (line: string) => void): ExitCode {
  const succeeded = execution.status === 'Succeeded';
  const skipped = plan.skipped.map((action) => `${action.stageName}/${action.actionName}`);
  if (context.json) printJson({ pipelineExecution: execution, skipped: plan.skipped });
  const summary = execution.statusSummary !== undefined && execution.statusSummary !== '' ? `: ${execution.statusSummary}` : '';
  print(`Run of ${plan.pipeline.name} ${colourStatus(context.out.colors, execution.status)} after ${formatDuration(Date.now() - started)}${summary}${skipped.length > 0 ? ` (skipped: ${skipped.join(', ')})` : ''}`);
  return succeeded ? ExitCode.success : ExitCode.refused;
}
