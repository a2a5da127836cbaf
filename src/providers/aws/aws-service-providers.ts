import type { ActionProvider } from '../../core/contracts/action-provider.js';
import type { AwsProviderSettings } from './shared/aws-client-settings.js';
import { CloudFormationProvider } from './cloudformation/cloudformation-provider.js';
import { CloudFormationStackInstancesProvider } from './cloudformation/stack-sets/stack-instances-provider.js';
import { CloudFormationStackSetProvider } from './cloudformation/stack-sets/stack-set-provider.js';
import { CodeDeployProvider } from './codedeploy/codedeploy-provider.js';
import { CodeDeployToEcsProvider } from './codedeploy/codedeploy-to-ecs-provider.js';
import { EcrSourceProvider } from './ecr/ecr-source-provider.js';
import { EcsProvider } from './ecs/ecs-provider.js';
import { ElasticBeanstalkProvider } from './elastic-beanstalk/elastic-beanstalk-provider.js';
import { StepFunctionsProvider } from './step-functions/step-functions-provider.js';

/**
 * The providers of action types whose work an AWS service does: each calls its service with the AWS
 * SDK. Their types leave the not-runnable fallback by being listed here.
 */
export function awsServiceProviders(settings: AwsProviderSettings): ActionProvider[] {
  return [
    new CloudFormationProvider(settings),
    new CloudFormationStackSetProvider(settings),
    new CloudFormationStackInstancesProvider(settings),
    new EcsProvider(settings),
    new StepFunctionsProvider(settings),
    new CodeDeployProvider(settings),
    new CodeDeployToEcsProvider(settings),
    new EcrSourceProvider(),
    new ElasticBeanstalkProvider(settings),
  ];
}

/**
 * PIPEWRIGHT_AWS_POLL_SECONDS: time between two reads of a stack, service or execution (default 5).
 * PIPEWRIGHT_AWS_ARTIFACT_BUCKET: the S3 bucket revisions are uploaded to for CodeDeploy.
 * PIPEWRIGHT_AWS_S3_BUCKETS: comma-separated buckets S3 actions reach on AWS (`*`: every bucket).
 * PIPEWRIGHT_AWS_LAMBDA_FUNCTIONS: comma-separated functions Lambda invoke actions call on AWS (`*`: every function).
 * PIPEWRIGHT_AWS_CODEBUILD_PROJECTS: comma-separated projects CodeBuild actions build on AWS CodeBuild (`*`: every project).
 */
export function awsProviderSettings(env: NodeJS.ProcessEnv): AwsProviderSettings {
  const seconds = Number(env.PIPEWRIGHT_AWS_POLL_SECONDS ?? 5);
  if (!Number.isFinite(seconds) || seconds < 0) throw new Error(`PIPEWRIGHT_AWS_POLL_SECONDS must be a number of seconds; got ${env.PIPEWRIGHT_AWS_POLL_SECONDS}.`);
  const bucket = env.PIPEWRIGHT_AWS_ARTIFACT_BUCKET;
  const buckets = names(env.PIPEWRIGHT_AWS_S3_BUCKETS);
  const functions = names(env.PIPEWRIGHT_AWS_LAMBDA_FUNCTIONS);
  const projects = names(env.PIPEWRIGHT_AWS_CODEBUILD_PROJECTS);
  return {
    pollIntervalMs: seconds * 1000,
    ...(bucket !== undefined && bucket !== '' ? { artifactBucket: bucket } : {}),
    awsBuckets: buckets.includes('*') ? 'all' : new Set(buckets),
    awsFunctions: functions.includes('*') ? 'all' : new Set(functions),
    awsProjects: projects.includes('*') ? 'all' : new Set(projects),
  };
}

function names(list: string | undefined): string[] {
  return (list ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
}
