import {
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  type CodePipelineClient,
  type PipelineExecution,
  type PipelineDeclaration,
  type StageState,
} from '@aws-sdk/client-codepipeline';
import { join } from 'node:path';
import { commitFiles, initRepository } from '../git/git-kit.js';

/**
 * Helpers for tests that run real pipelines: a hosted git repository with files, declarations built
 * from stages, and waiting (by polling the API, with a deadline) for what a test expects.
 */
export async function hostedRepository(dataDir: string, name: string, files: Record<string, string>): Promise<{ path: string; commit: string }> {
  const path = await initRepository(join(dataDir, 'repos', name));
  const commit = await commitFiles(path, files, 'initial commit');
  return { path, commit };
}

export function codeCommitSource(repository: string, output = 'Src', namespace = 'SourceVariables') {
  return {
    name: 'Checkout',
    actionTypeId: { category: 'Source' as const, owner: 'AWS' as const, provider: 'CodeCommit', version: '1' },
    configuration: { RepositoryName: repository, BranchName: 'main', PollForSourceChanges: 'false' },
    outputArtifacts: [{ name: output }],
    namespace,
  };
}

export function codeBuild(name: string, options: { input?: string; outputs?: string[]; namespace?: string; runOrder?: number; configuration?: Record<string, string> } = {}) {
  return {
    name,
    actionTypeId: { category: 'Build' as const, owner: 'AWS' as const, provider: 'CodeBuild', version: '1' },
    configuration: { ProjectName: name, ...options.configuration },
    inputArtifacts: [{ name: options.input ?? 'Src' }],
    ...(options.outputs !== undefined ? { outputArtifacts: options.outputs.map((output) => ({ name: output })) } : {}),
    ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
    ...(options.runOrder !== undefined ? { runOrder: options.runOrder } : {}),
  };
}

export function declaration(name: string, stages: PipelineDeclaration['stages'], extra: Partial<PipelineDeclaration> = {}): PipelineDeclaration {
  return {
    name,
    roleArn: 'arn:aws:iam::123456789012:role/pipewright-test',
    artifactStore: { type: 'S3', location: 'pipewright-artifacts' },
    stages,
    ...extra,
  };
}

const finalStatuses = new Set(['Succeeded', 'Failed', 'Stopped', 'Superseded', 'Cancelled']);

/** Waits until the execution has ended (or reaches one of `statuses`), and returns it. */
export async function waitForExecution(
  client: CodePipelineClient,
  pipelineName: string,
  pipelineExecutionId: string,
  options: { statuses?: string[]; timeoutMs?: number } = {},
): Promise<PipelineExecution> {
  const wanted = new Set(options.statuses ?? finalStatuses);
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    const { pipelineExecution } = await client.send(new GetPipelineExecutionCommand({ pipelineName, pipelineExecutionId }));
    if (pipelineExecution?.status !== undefined && wanted.has(pipelineExecution.status)) return pipelineExecution;
    if (Date.now() > deadline) {
      throw new Error(`Execution ${pipelineExecutionId} is still ${pipelineExecution?.status ?? 'unknown'} (${pipelineExecution?.statusSummary ?? ''}); waited for ${[...wanted].join('/')}.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until GetPipelineState shows what `check` looks for, and returns the stage states then. */
export async function waitForState(
  client: CodePipelineClient,
  pipelineName: string,
  check: (stages: StageState[]) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<StageState[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { stageStates } = await client.send(new GetPipelineStateCommand({ name: pipelineName }));
    if (stageStates !== undefined && check(stageStates)) return stageStates;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}: ${JSON.stringify(stageStates, null, 1)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function stage(stages: StageState[], name: string): StageState {
  const found = stages.find((candidate) => candidate.stageName === name);
  if (found === undefined) throw new Error(`no stage ${name}`);
  return found;
}
