import type { IamRoleRecord } from '../../core/contracts/store.js';
import { newIamId } from '../../core/identity/access-key-ids.js';
import type { RoleName } from '../../core/identity/role-arn.js';

/**
 * The role local mode (--auth none) creates the first time a pipeline, project or action names one that
 * does not exist: trusted by the services that run work, allowed everything, said once in the log. Local
 * mode authorizes nothing anyway; the role is there so that the same pipeline runs unchanged in iam mode
 * once its role is given real policies.
 */
const trustPolicy = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: ['codepipeline.amazonaws.com', 'codebuild.amazonaws.com', 'lambda.amazonaws.com'] }, Action: 'sts:AssumeRole' }],
};
const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

export function localRoleFor(name: RoleName, now: number): { role: IamRoleRecord; policyName: string; policyDocument: string; note: (arn: string) => string } {
  return {
    role: {
      name: name.name,
      roleId: newIamId('AROA'),
      path: name.path,
      assumeRolePolicyDocument: JSON.stringify(trustPolicy),
      description: 'Created by Pipewright on first use in local mode (--auth none): allows everything.',
      maxSessionDuration: 3600,
      created: now,
    },
    policyName: 'PipewrightLocalAllowAll',
    policyDocument: JSON.stringify(allowAll),
    note: (arn) =>
      `The role ${arn} did not exist: created it allowing everything, since this server runs in local mode (--auth none). In iam mode a missing role fails the action; give this role the policies the work needs (aws iam put-role-policy).`,
  };
}
