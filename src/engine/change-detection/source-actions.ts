import type { ActionDeclaration, ActionTypeId, PipelineDeclaration } from '../../core/declaration/types.js';
import type { SourceRevisionOverride } from '../../core/execution/state.js';

export type RevisionType = SourceRevisionOverride['revisionType'];

/**
 * How new revisions of a source action reach its pipeline, as CodePipeline decides it:
 * - `poll`: Pipewright checks the source on an interval (CodeCommit, S3 and GitHub version 1 with
 *   PollForSourceChanges true or omitted, AWS's default for pipelines made by the CLI; connections with
 *   DetectChanges true or omitted and no trigger on the action; ECR, always);
 * - `push-event`: a push to a hosted repository starts the pipeline at once (CodeCommit with
 *   PollForSourceChanges false: the EventBridge rule of AWS);
 * - `triggers`: the pipeline's V2 triggers decide, from the host's webhook calls (a trigger on the
 *   action turns default change detection off);
 * - `none`: only explicit starts (StartPipelineExecution, PutActionRevision, webhooks).
 */
export type Detection = 'poll' | 'push-event' | 'triggers' | 'none';

export interface SourceAction {
  pipelineName: string;
  action: ActionDeclaration;
  detection: Detection;
  /** Where the action reads (provider and location): a remembered revision compares only at the same place. */
  sourceKey: string;
  /** How a revision of this action is pinned (sourceRevisions), or undefined when it cannot be. */
  revisionType: RevisionType | undefined;
}

/** The source actions (first stage) of a pipeline, with how each one's changes are detected. */
export function sourceActionsOf(declaration: PipelineDeclaration): SourceAction[] {
  const triggered = new Set((declaration.triggers ?? []).map((trigger) => trigger.gitConfiguration.sourceActionName));
  return (declaration.stages[0]?.actions ?? [])
    .filter((action) => action.actionTypeId.category === 'Source')
    .map((action) => ({
      pipelineName: declaration.name,
      action,
      detection: detectionOf(action, triggered.has(action.name)),
      sourceKey: sourceKeyOf(action),
      revisionType: revisionTypeOf(action.actionTypeId),
    }));
}

function detectionOf(action: ActionDeclaration, hasTrigger: boolean): Detection {
  const { owner, provider } = action.actionTypeId;
  const configuration = action.configuration ?? {};
  // GitHub version 1 (owner ThirdParty, run by AWS): polled unless PollForSourceChanges is false (webhooks then).
  if (owner === 'ThirdParty' && provider === 'GitHub') return isFalse(configuration.PollForSourceChanges) ? 'none' : 'poll';
  if (owner !== 'AWS') return 'none';
  switch (provider) {
    case 'CodeCommit':
      return isFalse(configuration.PollForSourceChanges) ? 'push-event' : 'poll';
    case 'S3':
      return isFalse(configuration.PollForSourceChanges) ? 'none' : 'poll';
    case 'ECR':
      // AWS starts these from an EventBridge rule on image pushes; a registry sends Pipewright no events.
      return 'poll';
    case 'CodeStarSourceConnection':
      if (hasTrigger) return 'triggers';
      return isFalse(configuration.DetectChanges) ? 'none' : 'poll';
    default:
      return 'none';
  }
}

/** Source revision types by provider: a commit for git sources, a version for S3, a digest for ECR. */
export function revisionTypeOf(id: ActionTypeId): RevisionType | undefined {
  if (id.category !== 'Source') return undefined;
  if (id.owner === 'AWS' && (id.provider === 'CodeCommit' || id.provider === 'CodeStarSourceConnection')) return 'COMMIT_ID';
  if (id.owner === 'ThirdParty' && id.provider === 'GitHub') return 'COMMIT_ID';
  if (id.owner === 'AWS' && id.provider === 'S3') return 'S3_OBJECT_VERSION_ID';
  if (id.owner === 'AWS' && id.provider === 'ECR') return 'IMAGE_DIGEST';
  return undefined;
}

const locationKeys: Record<string, readonly string[]> = {
  CodeCommit: ['RepositoryName', 'BranchName'],
  S3: ['S3Bucket', 'S3ObjectKey'],
  CodeStarSourceConnection: ['ConnectionArn', 'FullRepositoryId', 'BranchName'],
  ECR: ['RepositoryName', 'ImageTag'],
  GitHub: ['Owner', 'Repo', 'Branch'],
};

function sourceKeyOf(action: ActionDeclaration): string {
  const { owner, provider } = action.actionTypeId;
  const configuration = action.configuration ?? {};
  const keys = locationKeys[provider] ?? Object.keys(configuration).sort();
  return JSON.stringify([owner, provider, ...keys.map((key) => configuration[key] ?? '')]);
}

/** Action configurations carry booleans as text; AWS reads them case-insensitively. */
function isFalse(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === 'false';
}
