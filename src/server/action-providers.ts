import { awsActionTypes } from '../core/action-types/aws-action-types.js';
import type { ActionProvider } from '../core/contracts/action-provider.js';
import { CodeBuildProvider } from '../providers/codebuild/codebuild-provider.js';
import { codeCommitProvider } from '../providers/codecommit/codecommit-provider.js';
import { CodePipelineInvokeProvider } from '../providers/codepipeline-invoke/codepipeline-invoke-provider.js';
import { codeStarConnectionProvider } from '../providers/codestar-connection/codestar-connection-provider.js';
import { CommandsProvider } from '../providers/commands/commands-provider.js';
import { gitHubSourceProvider } from '../providers/github/github-provider.js';
import { s3SourceProvider } from '../providers/s3-source/s3-source-provider.js';
import { LambdaProvider } from '../providers/lambda/lambda-provider.js';
import { CommandsRuleProvider } from '../providers/rules/commands-rule-provider.js';
import { notRunnableProvider } from '../providers/not-runnable/not-runnable-provider.js';
import { S3DeployProvider } from '../providers/s3-deploy/s3-deploy-provider.js';
import { awsProviderSettings, awsServiceProviders } from '../providers/aws/aws-service-providers.js';
import { CodeBuildRouter } from '../providers/aws/codebuild/codebuild-router.js';
import { LambdaRouter } from '../providers/aws/lambda/lambda-router.js';
import { S3DeployRouter } from '../providers/aws/s3/s3-deploy-router.js';
import { S3SourceRouter } from '../providers/aws/s3/s3-source-router.js';
import { awsObjectStores } from './aws-object-stores.js';

/**
 * The providers the server's own worker runs: every AWS-owned action type Pipewright implements, and
 * the rules of stage conditions that need work done (Commands, LambdaInvoke). Manual approvals need no
 * provider (they wait for people); custom actions are run by job workers over the job-worker API.
 */
export function actionProviders(env: NodeJS.ProcessEnv = process.env): ActionProvider[] {
  const aws = awsProviderSettings(env);
  return [
    codeCommitProvider,
    codeStarConnectionProvider,
    gitHubSourceProvider,
    // Buckets PIPEWRIGHT_AWS_S3_BUCKETS names are read on AWS; the others stay local.
    new S3SourceRouter(s3SourceProvider, aws, awsObjectStores),
    // Projects PIPEWRIGHT_AWS_CODEBUILD_PROJECTS names are built on AWS CodeBuild; the others build here.
    new CodeBuildRouter(new CodeBuildProvider(), aws),
    new CommandsProvider(),
    // Functions PIPEWRIGHT_AWS_LAMBDA_FUNCTIONS names are invoked on AWS Lambda; the others stay local.
    new LambdaRouter(new LambdaProvider(), aws),
    // Buckets PIPEWRIGHT_AWS_S3_BUCKETS names are deployed to on AWS; the others stay local.
    new S3DeployRouter(new S3DeployProvider(), aws),
    new CodePipelineInvokeProvider(),
    new CommandsRuleProvider(),
    ...awsServiceProviders(aws),
  ];
}

/**
 * The providers the worker runs, plus one that fails at once, with what to configure, the actions of
 * every catalogue type none of them runs (AWS runs those itself, so no job worker could take them:
 * they would wait until their timeout). Call it with the final list, extra providers included.
 */
export function withNotRunnableTypes(providers: readonly ActionProvider[]): ActionProvider[] {
  const fallback = notRunnableProvider(awsActionTypes, providers);
  return fallback === undefined ? [...providers] : [...providers, fallback];
}
