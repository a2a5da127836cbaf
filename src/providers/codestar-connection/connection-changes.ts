import { gitContext } from '../git/git-environment.js';
import { isValidBranchName } from '../git/ref-names.js';
import { sourceChanges, type SourceChanges } from '../git/source-changes.js';
import { SourceFailure } from '../git/source-checkout.js';
import { connectionRemote, isValidFullRepositoryId } from './connection-remote.js';
import { loadConnection } from './connections-config.js';

/**
 * Change detection for a CodeStarSourceConnection action's configuration (ConnectionArn,
 * FullRepositoryId, BranchName): what the engine calls for DetectChanges and V2 push triggers.
 */
export async function connectionChanges(
  dataDir: string,
  actionName: string,
  configuration: Record<string, string>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SourceChanges> {
  const { ConnectionArn: arn = '', FullRepositoryId: repositoryId = '', BranchName: branch = '' } = configuration;
  if (!isValidBranchName(branch)) throw new SourceFailure('ConfigurationError', `BranchName ${JSON.stringify(branch)} of action ${actionName} is not a valid git branch name.`);
  if (!isValidFullRepositoryId(repositoryId)) {
    throw new SourceFailure('ConfigurationError', `FullRepositoryId ${JSON.stringify(repositoryId)} of action ${actionName} is not of the form owner/repository.`);
  }
  const remote = connectionRemote(await loadConnection(dataDir, arn), repositoryId, env);
  return sourceChanges(gitContext(dataDir), remote, branch);
}
