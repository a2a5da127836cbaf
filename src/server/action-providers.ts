import type { ActionProvider } from '../core/contracts/action-provider.js';
import { CodeBuildProvider } from '../providers/codebuild/codebuild-provider.js';
import { codeCommitProvider } from '../providers/codecommit/codecommit-provider.js';
import { codeStarConnectionProvider } from '../providers/codestar-connection/codestar-connection-provider.js';
import { CommandsProvider } from '../providers/commands/commands-provider.js';
import { s3SourceProvider } from '../providers/s3-source/s3-source-provider.js';

/** The providers the server's own worker runs: every AWS-owned action type Pipewright implements. */
export function actionProviders(): ActionProvider[] {
  return [codeCommitProvider, codeStarConnectionProvider, s3SourceProvider, new CodeBuildProvider(), new CommandsProvider()];
}
