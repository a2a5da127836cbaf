import type { Logger } from 'pino';
import { isPipewrightError } from '../../../core/errors/index.js';
import { deliveryId, type CallOutcome, type FilteredPipeline, type IncomingCall, type StartedExecution } from '../incoming-call.js';
import type { SourcePoller } from '../poller.js';
import type { SourceAction } from '../source-actions.js';
import type { SourceIndex } from '../source-index.js';
import type { SourceProbe } from '../source-probe.js';
import { changeToken, pinFor, type ExecutionStarter } from '../start-detected.js';
import type { GitEvent } from './git-event.js';
import { readGitEvent } from './read-git-event.js';
import { matchTrigger } from './trigger-filters.js';

export interface GitEventDependencies {
  index: SourceIndex;
  poller: SourcePoller;
  starter: ExecutionStarter;
  probe: SourceProbe;
  logger: Logger;
}

type RepositoryEvent = Exclude<GitEvent, { kind: 'ignored' }>;

/**
 * A git host's call to `/webhooks/v2/<connection id>`, as CodeConnections relays the host's events to
 * CodePipeline: authenticated with the connection's webhook secret, read as a push or a pull request,
 * and matched against every pipeline whose source action reads that connection and repository.
 * - A source action with a trigger: its filters decide; a match starts the pipeline, trigger
 *   WebhookV2 (detail: the connection's ARN), pinned to the pushed commit or the pull request's head.
 * - A source action without one (DetectChanges): a push to its branch makes the poller look now.
 * The answer says what started and why each other pipeline did not.
 */
export async function receiveGitEvent(deps: GitEventDependencies, connectionId: string, call: IncomingCall): Promise<CallOutcome> {
  const connection = await deps.probe.connection(connectionId);
  if (connection === undefined) return { kind: 'not-found', message: `No connection with the id ${connectionId} is configured in connections.json.` };
  if (connection.webhookSecret === undefined) {
    return { kind: 'forbidden', message: `The connection ${connection.arn} has no webhookSecret in connections.json: its calls cannot be authenticated.` };
  }
  const read = readGitEvent(call, connection.webhookSecret);
  if ('kind' in read) return read;
  const { event } = read;
  if (event.kind === 'ignored') return { kind: 'filtered', message: `Nothing started: ${event.reason}` };

  await deps.index.sync();
  const sources = deps.index.sources().filter((source) => readsRepository(source, connection.arn, event.repository));
  await deps.poller.checkNow(sources.filter((source) => source.detection === 'poll' && event.kind === 'push' && event.ref === `refs/heads/${source.action.configuration?.BranchName ?? ''}`));

  const changedFiles = lazyChangedFiles(deps.probe, event, sources[0]);
  const started: StartedExecution[] = [];
  const filtered: FilteredPipeline[] = [];
  const failures: { code: string; message: string }[] = [];
  for (const [pipelineName, triggered] of groupByPipeline(sources.filter((source) => source.detection === 'triggers'))) {
    const matched: SourceAction[] = [];
    const reasons: string[] = [];
    for (const source of triggered) {
      const trigger = deps.index.declaration(pipelineName)?.triggers?.find((candidate) => candidate.gitConfiguration.sourceActionName === source.action.name);
      if (trigger === undefined) continue;
      try {
        const match = await matchTrigger(trigger.gitConfiguration, event, changedFiles);
        if (match.matched) matched.push(source);
        else reasons.push(`${source.action.name}: ${match.reason}`);
      } catch (error) {
        deps.logger.warn({ err: error, pipeline: pipelineName, action: source.action.name }, 'computing the changed files of a git event failed');
        reasons.push(`${source.action.name}: the changed files could not be computed (${(error as Error).message})`);
      }
    }
    if (matched.length === 0) {
      filtered.push({ pipelineName, reason: reasons.join('; ') });
      continue;
    }
    const commit = event.kind === 'push' ? event.after : event.headCommit;
    const delivery = deliveryId(call);
    try {
      const pipelineExecutionId = await deps.starter.startExecution(pipelineName, {
        trigger: { triggerType: 'WebhookV2', triggerDetail: connection.arn },
        sourceRevisions: matched.flatMap((source) => pinFor(source, commit)),
        ...(delivery !== undefined ? { clientRequestToken: changeToken('webhook-v2', connectionId, delivery) } : {}),
      });
      started.push({ pipelineName, pipelineExecutionId });
      deps.logger.info({ pipeline: pipelineName, repository: event.repository, commit, execution: pipelineExecutionId }, 'a git event started an execution');
    } catch (error) {
      if (!isPipewrightError(error)) throw error;
      failures.push({ code: error.code, message: error.message });
      filtered.push({ pipelineName, reason: `it could not start: ${error.message}` });
    }
  }
  return outcome(event, started, filtered, failures);
}

function outcome(event: RepositoryEvent, started: StartedExecution[], filtered: FilteredPipeline[], failures: { code: string; message: string }[]): CallOutcome {
  const what = event.kind === 'push' ? `the push to ${event.ref} of ${event.repository}` : `the pull request event ${event.event} on ${event.repository}`;
  if (started.length > 0) {
    return { kind: 'started', message: `${what} started ${started.map((execution) => execution.pipelineName).join(', ')}.`, executions: started, filtered };
  }
  const [failure] = failures;
  if (failure !== undefined) return { kind: 'failed', code: failure.code, message: failure.message };
  if (filtered.length === 0) return { kind: 'filtered', message: `Nothing started: no pipeline has a trigger on ${event.repository} through this connection.` };
  return { kind: 'filtered', message: `Nothing started by ${what}: ${filtered.map((entry) => `${entry.pipelineName} (${entry.reason})`).join('; ')}.` };
}

function readsRepository(source: SourceAction, connectionArn: string, repository: string): boolean {
  const { owner, provider } = source.action.actionTypeId;
  const configuration = source.action.configuration ?? {};
  return (
    owner === 'AWS' &&
    provider === 'CodeStarSourceConnection' &&
    configuration.ConnectionArn === connectionArn &&
    // Hosts treat repository names case-insensitively (GitHub, GitLab and Gitea all do).
    configuration.FullRepositoryId?.toLowerCase() === repository.toLowerCase()
  );
}

function groupByPipeline(sources: SourceAction[]): Map<string, SourceAction[]> {
  const groups = new Map<string, SourceAction[]>();
  for (const source of sources) groups.set(source.pipelineName, [...(groups.get(source.pipelineName) ?? []), source]);
  return groups;
}

/** The event's changed files: from the payload when it listed them all, else diffed with git once. */
function lazyChangedFiles(probe: SourceProbe, event: RepositoryEvent, source: SourceAction | undefined): () => Promise<string[]> {
  let files: Promise<string[]> | undefined;
  return () => {
    files ??= (() => {
      if (event.kind === 'push' && event.files !== undefined) return Promise.resolve(event.files);
      if (source === undefined) return Promise.resolve([]);
      return event.kind === 'push'
        ? probe.changedFiles(source.action, event.before, event.after)
        : probe.changedFiles(source.action, event.baseCommit, event.headCommit);
    })();
    return files;
  };
}
