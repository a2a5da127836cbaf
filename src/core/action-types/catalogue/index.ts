import type { ActionTypeSpec } from '../types.js';
import { alexaSkillsKitDeploy } from './alexa-skills-kit.js';
import { appConfigDeploy } from './appconfig.js';
import { manualApproval } from './approval-manual.js';
import { cloudFormationStackInstances } from './cloudformation-stack-instances.js';
import { cloudFormationStackSet } from './cloudformation-stackset.js';
import { cloudFormation } from './cloudformation.js';
import { codeBuildBuild, codeBuildTest } from './codebuild.js';
import { codeDeployToEcs } from './codedeploy-to-ecs.js';
import { codeDeploy } from './codedeploy.js';
import { codePipelineInvoke } from './codepipeline-invoke.js';
import { commandsAction } from './commands.js';
import { s3Deploy } from './deploy-s3.js';
import { deviceFarmTest } from './devicefarm.js';
import { ec2Deploy } from './ec2.js';
import { ecrBuildAndPublish } from './ecr-build-and-publish.js';
import { ecsDeploy } from './ecs.js';
import { eksDeploy } from './eks.js';
import { elasticBeanstalkDeploy } from './elastic-beanstalk.js';
import { inspectorScan } from './inspector-scan.js';
import { lambdaInvoke } from './invoke-lambda.js';
import { lambdaDeploy } from './lambda-deploy.js';
import { opsWorksDeploy } from './opsworks.js';
import { serviceCatalogDeploy } from './service-catalog.js';
import { codeCommitSource } from './source-codecommit.js';
import { codeStarSourceConnection } from './source-codestar-connection.js';
import { ecrSource } from './source-ecr.js';
import { gitHubSource } from './source-github.js';
import { s3Source } from './source-s3.js';
import { stepFunctionsInvoke } from './step-functions.js';

/**
 * Every action type AWS provides to an account, as the action structure reference and the table
 * "Valid action providers by action type" (actions-valid-providers) list them, one entry per file of
 * this folder, each checked against the page it names (`documentation`). Partner types (owner
 * ThirdParty, run by the partner's job workers: Snyk, BlazeMeter, Ghost Inspector…) are not here:
 * their workers talk to AWS, so an operator who runs one registers it in
 * third-party-action-types.json. The two ThirdParty types AWS runs itself are: GitHub version 1 and
 * Alexa Skills Kit.
 */
export const catalogue: readonly ActionTypeSpec[] = [
  s3Source,
  ecrSource,
  codeCommitSource,
  codeStarSourceConnection,
  gitHubSource,
  codeBuildBuild,
  ecrBuildAndPublish,
  codeBuildTest,
  deviceFarmTest,
  commandsAction,
  s3Deploy,
  cloudFormation,
  cloudFormationStackSet,
  cloudFormationStackInstances,
  codeDeploy,
  codeDeployToEcs,
  ecsDeploy,
  eksDeploy,
  ec2Deploy,
  lambdaDeploy,
  elasticBeanstalkDeploy,
  appConfigDeploy,
  serviceCatalogDeploy,
  opsWorksDeploy,
  alexaSkillsKitDeploy,
  lambdaInvoke,
  stepFunctionsInvoke,
  codePipelineInvoke,
  inspectorScan,
  manualApproval,
];
