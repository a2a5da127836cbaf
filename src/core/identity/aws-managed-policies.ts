import { createHash } from 'node:crypto';

/**
 * AWS managed policies that can be attached by ARN, with their documents as AWS publishes them
 * (AWS Managed Policy reference, docs.aws.amazon.com/aws-managed-policy/latest/reference/<Name>.html:
 * AWSCodePipelineApproverAccess v3, AWSCodePipelineCustomActionAccess v1, AWSCodePipeline_ReadOnlyAccess v1;
 * AWSCodePipeline_FullAccess per the CodePipeline user guide's "AWS managed policies for AWS CodePipeline",
 * see docs/decisions/identity-and-sigv4.md for how far that one was checked). Statements on other services
 * are kept as published: they grant nothing here, because nothing here asks for those actions.
 */
export interface ManagedPolicy {
  name: string;
  arn: string;
  policyId: string;
  defaultVersionId: string;
  document: PolicyDocument;
}

export interface PolicyDocument {
  Version?: string;
  Statement: PolicyStatement | PolicyStatement[];
}

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[] | boolean | number>>;
}

const approver: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Action: [
        'codepipeline:GetPipeline',
        'codepipeline:GetPipelineState',
        'codepipeline:GetPipelineExecution',
        'codepipeline:ListPipelineExecutions',
        'codepipeline:ListPipelines',
        'codepipeline:PutApprovalResult',
      ],
      Effect: 'Allow',
      Resource: '*',
    },
  ],
};

const customAction: PolicyDocument = {
  Statement: [
    {
      Action: ['codepipeline:AcknowledgeJob', 'codepipeline:GetJobDetails', 'codepipeline:PollForJobs', 'codepipeline:PutJobFailureResult', 'codepipeline:PutJobSuccessResult'],
      Effect: 'Allow',
      Resource: '*',
    },
  ],
  Version: '2012-10-17',
};

const readOnly: PolicyDocument = {
  Statement: [
    {
      Action: [
        'codepipeline:GetPipeline',
        'codepipeline:GetPipelineState',
        'codepipeline:GetPipelineExecution',
        'codepipeline:ListPipelineExecutions',
        'codepipeline:ListActionExecutions',
        'codepipeline:ListActionTypes',
        'codepipeline:ListPipelines',
        'codepipeline:ListTagsForResource',
        's3:ListAllMyBuckets',
        'codestar-notifications:ListNotificationRules',
        'codestar-notifications:ListEventTypes',
        'codestar-notifications:ListTargets',
      ],
      Effect: 'Allow',
      Resource: '*',
    },
    { Action: ['s3:GetObject', 's3:ListBucket', 's3:GetBucketPolicy'], Effect: 'Allow', Resource: 'arn:aws:s3::*:codepipeline-*' },
    {
      Sid: 'CodeStarNotificationsReadOnlyAccess',
      Effect: 'Allow',
      Action: ['codestar-notifications:DescribeNotificationRule'],
      Resource: '*',
      Condition: { StringLike: { 'codestar-notifications:NotificationsForResource': 'arn:aws:codepipeline:*' } },
    },
  ],
  Version: '2012-10-17',
};

const fullAccess: PolicyDocument = {
  Statement: [
    {
      Action: [
        'codepipeline:*',
        'cloudformation:DescribeStacks',
        'cloudformation:ListStacks',
        'cloudformation:ListChangeSets',
        'cloudtrail:DescribeTrails',
        'codebuild:BatchGetProjects',
        'codebuild:CreateProject',
        'codebuild:ListCuratedEnvironmentImages',
        'codebuild:ListProjects',
        'codecommit:ListBranches',
        'codecommit:GetReferences',
        'codecommit:ListRepositories',
        'codedeploy:BatchGetDeploymentGroups',
        'codedeploy:ListApplications',
        'codedeploy:ListDeploymentGroups',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSubnets',
        'ec2:DescribeVpcs',
        'ecr:DescribeRepositories',
        'ecr:ListImages',
        'ecs:ListClusters',
        'ecs:ListServices',
        'elasticbeanstalk:DescribeApplications',
        'elasticbeanstalk:DescribeEnvironments',
        'iam:ListRoles',
        'iam:GetRole',
        'lambda:ListFunctions',
        'events:ListRules',
        'events:ListTargetsByRule',
        'events:DescribeRule',
        'opsworks:DescribeApps',
        'opsworks:DescribeLayers',
        'opsworks:DescribeStacks',
        's3:ListAllMyBuckets',
        'sns:ListTopics',
        'codestar-notifications:ListNotificationRules',
        'codestar-notifications:ListTargets',
        'codestar-notifications:ListTagsforResource',
        'codestar-notifications:ListEventTypes',
        'states:ListStateMachines',
      ],
      Effect: 'Allow',
      Resource: '*',
    },
    { Action: ['s3:GetObject', 's3:CreateBucket', 's3:PutBucketPolicy'], Effect: 'Allow', Resource: 'arn:aws:s3::*:codepipeline-*' },
    {
      Action: ['iam:PassRole'],
      Effect: 'Allow',
      Resource: ['arn:aws:iam::*:role/service-role/cwe-role-*'],
      Condition: { StringEquals: { 'iam:PassedToService': ['events.amazonaws.com'] } },
    },
    { Action: ['iam:PassRole'], Effect: 'Allow', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': ['codepipeline.amazonaws.com'] } } },
    {
      Action: ['events:PutRule', 'events:PutTargets', 'events:DeleteRule', 'events:DisableRule', 'events:RemoveTargets'],
      Effect: 'Allow',
      Resource: ['arn:aws:events:*:*:rule/codepipeline-*'],
    },
  ],
  Version: '2012-10-17',
};

/** Policy ids are Pipewright's own (ANPA + a hash of the name): AWS's ids are not part of the published documents. */
function managed(name: string, defaultVersionId: string, document: PolicyDocument): ManagedPolicy {
  const policyId = `ANPA${createHash('sha256').update(name).digest('hex').slice(0, 17).toUpperCase()}`;
  return { name, arn: `arn:aws:iam::aws:policy/${name}`, policyId, defaultVersionId, document };
}

export const awsManagedPolicies: readonly ManagedPolicy[] = [
  managed('AWSCodePipeline_FullAccess', 'v1', fullAccess),
  managed('AWSCodePipeline_ReadOnlyAccess', 'v1', readOnly),
  managed('AWSCodePipelineApproverAccess', 'v3', approver),
  managed('AWSCodePipelineCustomActionAccess', 'v1', customAction),
];

export function awsManagedPolicy(arn: string): ManagedPolicy | undefined {
  return awsManagedPolicies.find((policy) => policy.arn === arn);
}
