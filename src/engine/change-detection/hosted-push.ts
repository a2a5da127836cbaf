import type { Logger } from 'pino';
import type { Partition } from '../../core/arn.js';
import type { SourceIndex } from './source-index.js';
import type { SourcePoller } from './poller.js';
import type { SourceAction } from './source-actions.js';
import { pinFor, type ExecutionStarter } from './start-detected.js';

/** A ref a push changed: its new commit, or none when the push deleted it. */
export interface PushedRef {
  ref: string;
  oldCommit?: string;
  newCommit?: string;
}

export interface HostedPushDependencies {
  index: SourceIndex;
  poller: SourcePoller;
  starter: ExecutionStarter;
  partition: Partition;
  logger: Logger;
}

/**
 * A push to a repository Pipewright hosts is a change event, as a push to CodeCommit is an EventBridge
 * event on AWS. For each CodeCommit source action on the pushed branch: with PollForSourceChanges
 * false (the event-driven setup) an execution starts at once, trigger CloudWatchEvent, pinned to the
 * pushed commit; with polling on, the poller checks that source now rather than at its next round.
 * A pipeline created after the push arrived ignores it: git answers the client before this runs, so
 * a script that pushes and then creates its pipeline would otherwise get a second, event execution
 * next to the one creation starts (AWS's rule did not exist when that push happened).
 */
export async function hostedPush(deps: HostedPushDependencies, repository: string, refs: readonly PushedRef[], receivedAt: number): Promise<void> {
  await deps.index.sync();
  const toCheck: SourceAction[] = [];
  for (const source of deps.index.sources()) {
    if (deps.index.createdAt(source.pipelineName) > receivedAt) continue;
    const { owner, provider } = source.action.actionTypeId;
    const configuration = source.action.configuration ?? {};
    if (owner !== 'AWS' || provider !== 'CodeCommit' || configuration.RepositoryName !== repository) continue;
    const branch = configuration.BranchName ?? '';
    const pushed = refs.find((ref) => ref.ref === `refs/heads/${branch}` && ref.newCommit !== undefined);
    if (pushed?.newCommit === undefined) continue;
    if (source.detection === 'poll') toCheck.push(source);
    if (source.detection !== 'push-event') continue;
    try {
      const executionId = await deps.starter.startExecution(source.pipelineName, {
        trigger: { triggerType: 'CloudWatchEvent', triggerDetail: ruleArn(deps.partition, repository, branch) },
        sourceRevisions: pinFor(source, pushed.newCommit),
      });
      deps.logger.info({ pipeline: source.pipelineName, repository, branch, commit: pushed.newCommit, execution: executionId }, 'push started an execution');
    } catch (error) {
      deps.logger.warn({ err: error, pipeline: source.pipelineName, repository, branch }, 'a push could not start its pipeline');
    }
  }
  await deps.poller.checkNow(toCheck);
}

/**
 * The ARN of the EventBridge rule AWS would have made for the repository and branch (the trigger's
 * detail): `codepipeline-<repository>-<branch>-rule`, in the characters and length rule names allow.
 */
export function ruleArn(partition: Partition, repository: string, branch: string): string {
  const name = `codepipeline-${repository}-${branch}`.replace(/[^.\-_A-Za-z0-9]/g, '-').slice(0, 59);
  return `arn:aws:events:${partition.region}:${partition.accountId}:rule/${name}-rule`;
}
