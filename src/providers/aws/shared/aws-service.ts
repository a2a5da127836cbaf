/**
 * The AWS services Pipewright's AWS providers call, with the names the SDK's endpoint settings use:
 * `AWS_ENDPOINT_URL_<ENV_NAME>` (the service id, upper case, spaces as underscores) beats
 * `AWS_ENDPOINT_URL`, which beats AWS's own endpoints. Kept here so failure messages name the right one.
 */
export interface AwsService {
  /** As people say it, for messages. */
  title: string;
  /** The suffix of the service's own endpoint variable. */
  endpointEnvName: string;
}

export const awsServices = {
  cloudFormation: { title: 'AWS CloudFormation', endpointEnvName: 'CLOUDFORMATION' },
  ecs: { title: 'Amazon ECS', endpointEnvName: 'ECS' },
  stepFunctions: { title: 'AWS Step Functions', endpointEnvName: 'SFN' },
  codeDeploy: { title: 'AWS CodeDeploy', endpointEnvName: 'CODEDEPLOY' },
  s3: { title: 'Amazon S3', endpointEnvName: 'S3' },
  ecr: { title: 'Amazon ECR', endpointEnvName: 'ECR' },
  elasticBeanstalk: { title: 'AWS Elastic Beanstalk', endpointEnvName: 'ELASTIC_BEANSTALK' },
  lambda: { title: 'AWS Lambda', endpointEnvName: 'LAMBDA' },
  codeBuild: { title: 'AWS CodeBuild', endpointEnvName: 'CODEBUILD' },
} as const satisfies Record<string, AwsService>;

/** The endpoint the SDK will call for the service, as its settings say, or AWS's own. */
export function configuredEndpoint(service: AwsService, region: string, env: NodeJS.ProcessEnv = process.env): string {
  const own = env[`AWS_ENDPOINT_URL_${service.endpointEnvName}`];
  if (own !== undefined && own !== '') return own;
  if (env.AWS_ENDPOINT_URL !== undefined && env.AWS_ENDPOINT_URL !== '') return env.AWS_ENDPOINT_URL;
  return `AWS's endpoint in ${region}`;
}
