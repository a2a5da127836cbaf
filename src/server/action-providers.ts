import { awsActionTypes } from '../core/action-types/aws-action-types.js';
import type { ActionProvider } from '../core/contracts/action-provider.js';
import type { JobTypeId } from '../core/declaration/types.js';
import { codeCommitProvider } from '../providers/codecommit/codecommit-provider.js';
import { codeStarConnectionProvider } from '../providers/codestar-connection/codestar-connection-provider.js';
import { gitHubSourceProvider } from '../providers/github/github-provider.js';
import { notRunnableProvider } from '../providers/not-runnable/not-runnable-provider.js';
import { awsProviderSettings, type AwsProviderSettings } from '../providers/aws/shared/aws-client-settings.js';
import { lazyProvider, type LazyProvider } from './lazy-provider.js';

const type = (category: string, owner: string, provider: string): JobTypeId => ({ category, owner, provider, version: '1' }) as JobTypeId;

/**
 * The providers loaded by their first job (their modules import AWS SDK clients, the build runner,
 * YAML): a table of what each declares and how it is made. The git sources stay eager: change
 * detection uses their modules from the start anyway, and they are small.
 */
function lazyProviders(aws: AwsProviderSettings): LazyProvider[] {
  return [
    // Buckets PIPEWRIGHT_AWS_S3_BUCKETS names are read on AWS; the others stay local.
    lazyProvider({ actionTypes: [type('Source', 'AWS', 'S3')], rerunnable: true }, async () => {
      const [{ S3SourceRouter }, { s3SourceProvider }, { awsObjectStores }] = await Promise.all([
        import('../providers/aws/s3/s3-source-router.js'),
        import('../providers/s3-source/s3-source-provider.js'),
        import('./aws-object-stores.js'),
      ]);
      return new S3SourceRouter(s3SourceProvider, aws, awsObjectStores);
    }),
    // Projects PIPEWRIGHT_AWS_CODEBUILD_PROJECTS names are built on AWS CodeBuild; the others build here.
    lazyProvider({ actionTypes: [type('Build', 'AWS', 'CodeBuild'), type('Test', 'AWS', 'CodeBuild')], rerunnable: false }, async () => {
      const [{ codeBuildRouter }, { CodeBuildProvider }] = await Promise.all([import('../providers/aws/codebuild/codebuild-router.js'), import('../providers/codebuild/codebuild-provider.js')]);
      return codeBuildRouter(new CodeBuildProvider(), aws);
    }),
    lazyProvider({ actionTypes: [type('Compute', 'AWS', 'Commands')], rerunnable: false, load: 'light' }, async () => {
      const { CommandsProvider } = await import('../providers/commands/commands-provider.js');
      return new CommandsProvider();
    }),
    // Functions PIPEWRIGHT_AWS_LAMBDA_FUNCTIONS names are invoked on AWS Lambda; the others stay local.
    lazyProvider({ actionTypes: [type('Invoke', 'AWS', 'Lambda'), type('Rule', 'AWS', 'LambdaInvoke')], rerunnable: false, load: 'waiting' }, async () => {
      const [{ lambdaRouter }, { LambdaProvider }] = await Promise.all([import('../providers/aws/lambda/lambda-router.js'), import('../providers/lambda/lambda-provider.js')]);
      return lambdaRouter(new LambdaProvider(), aws);
    }),
    // Buckets PIPEWRIGHT_AWS_S3_BUCKETS names are deployed to on AWS; the others stay local.
    lazyProvider({ actionTypes: [type('Deploy', 'AWS', 'S3')], rerunnable: true }, async () => {
      const [{ S3DeployRouter }, { S3DeployProvider }] = await Promise.all([import('../providers/aws/s3/s3-deploy-router.js'), import('../providers/s3-deploy/s3-deploy-provider.js')]);
      return new S3DeployRouter(new S3DeployProvider(), aws);
    }),
    lazyProvider({ actionTypes: [type('Invoke', 'AWS', 'CodePipeline')], rerunnable: true }, async () => {
      const { CodePipelineInvokeProvider } = await import('../providers/codepipeline-invoke/codepipeline-invoke-provider.js');
      return new CodePipelineInvokeProvider();
    }),
    lazyProvider({ actionTypes: [type('Rule', 'AWS', 'Commands')], rerunnable: false }, async () => {
      const { CommandsRuleProvider } = await import('../providers/rules/commands-rule-provider.js');
      return new CommandsRuleProvider();
    }),
    // The AWS services' providers, each with its SDK client: they wait on the service, so 'waiting' slots.
    ...awsServiceTable.map(([actionType, rerunnable, create]) => lazyProvider({ actionTypes: [actionType], rerunnable, load: 'waiting' }, () => create(aws))),
  ];
}

/** Each AWS service's action type, whether it may run again after a crash, and how its provider is made. */
const awsServiceTable: readonly (readonly [JobTypeId, boolean, (aws: AwsProviderSettings) => Promise<ActionProvider>])[] = [
  [type('Deploy', 'AWS', 'CloudFormation'), false, async (aws) => new (await import('../providers/aws/cloudformation/cloudformation-provider.js')).CloudFormationProvider(aws)],
  [type('Deploy', 'AWS', 'CloudFormationStackSet'), false, async (aws) => new (await import('../providers/aws/cloudformation/stack-sets/stack-set-provider.js')).CloudFormationStackSetProvider(aws)],
  [
    type('Deploy', 'AWS', 'CloudFormationStackInstances'),
    false,
    async (aws) => new (await import('../providers/aws/cloudformation/stack-sets/stack-instances-provider.js')).CloudFormationStackInstancesProvider(aws),
  ],
  [type('Deploy', 'AWS', 'ECS'), false, async (aws) => new (await import('../providers/aws/ecs/ecs-provider.js')).EcsProvider(aws)],
  [type('Invoke', 'AWS', 'StepFunctions'), false, async (aws) => new (await import('../providers/aws/step-functions/step-functions-provider.js')).StepFunctionsProvider(aws)],
  [type('Deploy', 'AWS', 'CodeDeploy'), false, async (aws) => new (await import('../providers/aws/codedeploy/codedeploy-provider.js')).CodeDeployProvider(aws)],
  [type('Deploy', 'AWS', 'CodeDeployToECS'), false, async (aws) => new (await import('../providers/aws/codedeploy/codedeploy-to-ecs-provider.js')).CodeDeployToEcsProvider(aws)],
  [type('Source', 'AWS', 'ECR'), true, async () => new (await import('../providers/aws/ecr/ecr-source-provider.js')).EcrSourceProvider()],
  [type('Deploy', 'AWS', 'ElasticBeanstalk'), false, async (aws) => new (await import('../providers/aws/elastic-beanstalk/elastic-beanstalk-provider.js')).ElasticBeanstalkProvider(aws)],
];

/**
 * The providers the server's own worker runs: every AWS-owned action type Pipewright implements, and
 * the rules of stage conditions that need work done (Commands, LambdaInvoke). Manual approvals need no
 * provider (they wait for people); custom actions are run by job workers over the job-worker API.
 * The settings of the AWS providers are read here, at start, even though their modules load later.
 */
export function actionProviders(env: NodeJS.ProcessEnv = process.env): ActionProvider[] {
  const aws = awsProviderSettings(env);
  return [codeCommitProvider, codeStarConnectionProvider, gitHubSourceProvider, ...lazyProviders(aws)];
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
