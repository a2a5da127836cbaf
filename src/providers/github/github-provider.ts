import type { ActionProvider } from '../../core/contracts/action-provider.js';
import { runGitSource } from '../git/run-git-source.js';
import { gitHubRepository } from './github-remote.js';
import { gitHubPlan } from './github-source.js';

/**
 * Source/ThirdParty/GitHub/1, GitHub version 1 (OAuth app): a branch (or a pinned commit) of
 * `https://github.com/<Owner>/<Repo>`, or wherever `<data-dir>/github.json` maps it, read with the
 * action's OAuthToken, through the mirror cache, as CODE_ZIP. Rerunnable: it only reads.
 */
export const gitHubSourceProvider: ActionProvider = {
  actionTypes: [{ category: 'Source', owner: 'ThirdParty', provider: 'GitHub', version: '1' }],
  rerunnable: true,
  // git processes waited for: beside the build slots (see ActionProvider.load).
  load: 'light',
  run: (job, tools, signal) =>
    runGitSource(
      job,
      tools,
      signal,
      async (settings) => {
        const repository = await gitHubRepository(tools.dataDir, job.action.name, job.action.configuration);
        for (const secret of repository.secrets) tools.log.mask(secret);
        return gitHubPlan(job, repository, settings);
      },
      'Branch',
    ),
};
