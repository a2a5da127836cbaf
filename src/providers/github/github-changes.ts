import { gitContext } from '../git/git-environment.js';
import { isValidBranchName } from '../git/ref-names.js';
import { sourceChanges, type SourceChanges } from '../git/source-changes.js';
import { SourceFailure } from '../git/source-checkout.js';
import { gitHubRepository } from './github-remote.js';

/**
 * Change detection for a GitHub version 1 action's configuration (Owner, Repo, Branch, OAuthToken):
 * what the engine's poller calls when PollForSourceChanges is true or left out.
 */
export async function gitHubChanges(dataDir: string, actionName: string, configuration: Record<string, string>, env: NodeJS.ProcessEnv = process.env): Promise<SourceChanges> {
  const branch = configuration.Branch ?? '';
  if (!isValidBranchName(branch)) throw new SourceFailure('ConfigurationError', `Branch ${JSON.stringify(branch)} of action ${actionName} is not a valid git branch name.`);
  const { remote } = await gitHubRepository(dataDir, actionName, configuration, env);
  return sourceChanges(gitContext(dataDir), remote, branch);
}
