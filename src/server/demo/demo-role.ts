import type { Partition } from '../../core/arn.js';
import { signedHeaders, type SigningCredentials } from '../../client/signed-fetch.js';
import { demoNames } from './demo-names.js';

/**
 * iam mode: the demo pipeline's role, created as a user would (IAM CreateRole and PutRolePolicy over the
 * query protocol, signed with the root's new key), so that its build gets credentials: a pipeline whose
 * role does not exist fails its actions there. Allowed what the demo's build does, and no more.
 */
const trustPolicy = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: ['codepipeline.amazonaws.com', 'codebuild.amazonaws.com'] }, Action: 'sts:AssumeRole' }],
};
const permissions = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['codepipeline:Get*', 'codepipeline:List*', 's3:GetObject', 's3:PutObject'], Resource: '*' }],
};

export async function createDemoRole(serverUrl: string, partition: Partition, credentials: SigningCredentials): Promise<void> {
  await iamCall(serverUrl, partition, credentials, { Action: 'CreateRole', RoleName: demoNames.role, AssumeRolePolicyDocument: JSON.stringify(trustPolicy) });
  await iamCall(serverUrl, partition, credentials, { Action: 'PutRolePolicy', RoleName: demoNames.role, PolicyName: 'demo-build', PolicyDocument: JSON.stringify(permissions) });
}

async function iamCall(serverUrl: string, partition: Partition, credentials: SigningCredentials, params: Record<string, string>): Promise<void> {
  const body = new URLSearchParams({ ...params, Version: '2010-05-08' }).toString();
  const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  const response = await fetch(`${serverUrl}/`, {
    method: 'POST',
    headers: await signedHeaders(`${serverUrl}/`, { method: 'POST', headers, body }, credentials, { region: partition.region, service: 'iam' }),
    body,
  });
  if (!response.ok) throw new Error(`IAM ${params.Action ?? ''} answered ${response.status}: ${await response.text()}`);
}
