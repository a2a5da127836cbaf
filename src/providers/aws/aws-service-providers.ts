import type { ActionProvider } from '../../core/contracts/action-provider.js';
import type { AwsProviderSettings } from './shared/aws-client-settings.js';
import { CloudFormationProvider } from './cloudformation/cloudformation-provider.js';
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
    new EcsProvider(settings),
    new StepFunctionsProvider(settings),
    new CodeDeployProvider(settings),
    new CodeDeployToEcsProvider(settings),
    new EcrSourceProvider(),
    new ElasticBeanstalkProvider(settings),
  ];
}

// Moved beside the settings' type, which loads no SDK client: the server reads them at start.
export { awsProviderSettings } from './shared/aws-client-settings.js';
