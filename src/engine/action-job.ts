import { pipelineArn, type Partition } from '../core/arn.js';
import type { ActionJob } from '../core/contracts/action-provider.js';
import type { PipelineDeclaration } from '../core/declaration/types.js';
import type { ExecutionState } from '../core/execution/state.js';

/** The job a worker gets for one run of an action: everything resolved, nothing to look up. */
export function buildActionJob(input: {
  jobId: string;
  pipelineName: string;
  partition: Partition;
  declaration: PipelineDeclaration;
  execution: ExecutionState;
  stageName: string;
  actionName: string;
  continuationToken?: string;
}): ActionJob {
  const { execution, declaration, stageName, actionName } = input;
  const action = declaration.stages.find((stage) => stage.name === stageName)?.actions.find((candidate) => candidate.name === actionName);
  const run = execution.stages[stageName]?.actions[actionName];
  if (action === undefined || run === undefined) throw new Error(`No run of ${stageName}/${actionName} in execution ${execution.id}`);
  const pinned = execution.sourceRevisionOverrides.filter((override) => override.actionName === actionName);
  const encryptionKey = (declaration.artifactStore ?? declaration.artifactStores?.[action.region ?? input.partition.region])?.encryptionKey;
  return {
    jobId: input.jobId,
    pipeline: {
      name: input.pipelineName,
      arn: pipelineArn(input.partition, input.pipelineName),
      version: execution.pipelineVersion,
      executionId: execution.id,
      ...(declaration.roleArn !== '' ? { roleArn: declaration.roleArn } : {}),
    },
    stageName,
    action: {
      name: actionName,
      actionExecutionId: run.actionExecutionId,
      typeId: action.actionTypeId,
      configuration: { ...(run.resolvedConfiguration ?? action.configuration ?? {}) },
      ...(run.resolvedCommands !== undefined ? { commands: [...run.resolvedCommands] } : {}),
      ...(action.outputVariables !== undefined ? { outputVariables: [...action.outputVariables] } : {}),
      ...(run.resolvedEnvironmentVariables !== undefined ? { environmentVariables: run.resolvedEnvironmentVariables.map((variable) => ({ ...variable })) } : {}),
      ...(action.namespace !== undefined ? { namespace: action.namespace } : {}),
      region: action.region ?? input.partition.region,
      ...(action.roleArn !== undefined ? { roleArn: action.roleArn } : {}),
    },
    inputArtifacts: (action.inputArtifacts ?? []).flatMap((input) => {
      const ref = execution.artifacts[input.name];
      if (ref === undefined) return [];
      const revision = execution.artifactRevisions[input.name]?.revisionId;
      return [{ name: input.name, ref, ...(revision !== undefined ? { revision } : {}) }];
    }),
    outputArtifacts: (action.outputArtifacts ?? []).map((output) => ({
      name: output.name,
      ...(output.files !== undefined ? { files: [...output.files] } : {}),
      location: outputLocation(declaration, input.partition.region, action.region, input.pipelineName, output.name, input.jobId),
    })),
    ...(input.continuationToken !== undefined ? { continuationToken: input.continuationToken } : {}),
    ...(pinned.length > 0 ? { pinnedRevision: pinned.map(({ revisionType, revisionValue }) => ({ revisionType, revisionValue })) } : {}),
    deadline: run.deadline ?? Number.MAX_SAFE_INTEGER,
    ...(encryptionKey !== undefined ? { encryptionKey: { id: encryptionKey.id, type: encryptionKey.type } } : {}),
  };
}

/**
 * Where a job worker uploads an output artifact: the pipeline's artifact bucket (of the action's region),
 * under a key shaped like CodePipeline's: a prefix of the pipeline name, of the artifact name, then an id.
 */
function outputLocation(
  declaration: PipelineDeclaration,
  pipelineRegion: string,
  actionRegion: string | undefined,
  pipelineName: string,
  artifactName: string,
  jobId: string,
): { bucket: string; key: string } {
  const store = declaration.artifactStore ?? declaration.artifactStores?.[actionRegion ?? pipelineRegion];
  const bucket = store?.location ?? 'pipewright-artifacts';
  return { bucket, key: `${pipelineName.slice(0, 20)}/${artifactName.slice(0, 10)}/${jobId.replaceAll('-', '').slice(0, 7)}` };
}
