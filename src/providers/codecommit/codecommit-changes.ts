import type { ProviderTools } from '../../core/contracts/action-provider.js';
import { gitContext } from '../git/git-environment.js';
import { isValidBranchName } from '../git/ref-names.js';
import { sourceChanges, type SourceChanges } from '../git/source-changes.js';
import { SourceFailure } from '../git/source-checkout.js';
import { codeCommitRemote } from './codecommit-source.js';

/**
 * Change detection for a CodeCommit action's configuration (RepositoryName, BranchName): what the
 * engine's poller calls for PollForSourceChanges, and for trigger file-path filters.
 */
export function codeCommitChanges(tools: Pick<ProviderTools, 'dataDir' | 'apiUrl' | 'reposDir'>, actionName: string, configuration: Record<string, string>): SourceChanges {
  const branch = configuration.BranchName ?? '';
  if (!isValidBranchName(branch)) throw new SourceFailure('ConfigurationError', `BranchName ${JSON.stringify(branch)} of action ${actionName} is not a valid git branch name.`);
  const { remote } = codeCommitRemote(tools, configuration.RepositoryName ?? '', actionName);
  return sourceChanges(gitContext(tools.dataDir), remote, branch);
}
