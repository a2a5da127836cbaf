import { randomUUID } from 'node:crypto';
import { jsonError, jsonReply, startAwsEndpoint, type AwsEndpoint, type AwsReply } from './aws-endpoint.js';
import type { FakeS3 } from './s3-endpoint.js';

/**
 * A small AWS CodeDeploy on loopback, answering JSON 1.1 (`X-Amz-Target: CodeDeploy_20141006.*`) as the
 * API Reference documents it. A deployment reads its S3 revision from the loopback S3 and moves one
 * status per GetDeployment: Created, InProgress, then Succeeded, or Failed with a scripted error.
 */
export interface FakeCodeDeploy extends AwsEndpoint {
  deployments: Map<string, FakeDeployment>;
  failNext(group: string, error: { code: string; message: string }): void;
}

export interface FakeDeployment {
  applicationName: string;
  deploymentGroupName: string;
  revision: Record<string, unknown>;
  statuses: string[];
  error?: { code: string; message: string };
}

export async function startFakeCodeDeploy(applications: Record<string, string[]>, s3?: FakeS3): Promise<FakeCodeDeploy> {
  const deployments = new Map<string, FakeDeployment>();
  const failures = new Map<string, { code: string; message: string }>();
  const handlers: Record<string, (body: Record<string, unknown>) => AwsReply> = {
    CreateDeployment(body) {
      const applicationName = String(body.applicationName);
      const deploymentGroupName = String(body.deploymentGroupName);
      const groups = applications[applicationName];
      if (groups === undefined) return jsonError('ApplicationDoesNotExistException', `No application found for name: ${applicationName}`);
      if (!groups.includes(deploymentGroupName)) return jsonError('DeploymentGroupDoesNotExistException', `No Deployment Group found for name: ${deploymentGroupName}`);
      const revision = (body.revision ?? {}) as Record<string, unknown>;
      let error = failures.get(deploymentGroupName);
      failures.delete(deploymentGroupName);
      if (revision.revisionType === 'AppSpecContent' && !String((revision.appSpecContent as { content?: string } | undefined)?.content).includes('arn:aws:ecs:')) {
        error = { code: 'INVALID_REVISION', message: 'The AppSpec file does not name a task definition.' };
      }
      if (revision.revisionType === 'S3') {
        const location = revision.s3Location as { bucket: string; key: string };
        const bundle = s3?.buckets.get(location.bucket)?.get(location.key);
        if (bundle === undefined) error = { code: 'REVISION_MISSING', message: `The revision s3://${location.bucket}/${location.key} does not exist.` };
        else if (!bundle.includes(Buffer.from('appspec.yml'))) error = { code: 'INVALID_REVISION', message: 'The AppSpec file cannot be located in the specified S3 bucket.' };
      }
      const deploymentId = `d-${randomUUID().replace(/-/g, '').slice(0, 9).toUpperCase()}`;
      deployments.set(deploymentId, { applicationName, deploymentGroupName, revision, statuses: ['Created', 'InProgress', error === undefined ? 'Succeeded' : 'Failed'], ...(error !== undefined ? { error } : {}) });
      return jsonReply({ deploymentId });
    },
    GetDeployment(body) {
      const deploymentId = String(body.deploymentId);
      const deployment = deployments.get(deploymentId);
      if (deployment === undefined) return jsonError('DeploymentDoesNotExistException', `Deployment ${deploymentId} does not exist`);
      const status = deployment.statuses.length > 1 ? deployment.statuses.shift()! : deployment.statuses[0]!;
      return jsonReply({
        deploymentInfo: {
          deploymentId,
          applicationName: deployment.applicationName,
          deploymentGroupName: deployment.deploymentGroupName,
          revision: deployment.revision,
          status,
          ...(status === 'Failed' && deployment.error !== undefined ? { errorInformation: deployment.error } : {}),
          createTime: 1796648400,
        },
      });
    },
  };
  const endpoint = await startAwsEndpoint((request) => {
    const handler = handlers[request.target ?? ''];
    if (handler === undefined) return jsonError('UnknownOperationException', `Unknown operation ${request.target}`);
    return handler(JSON.parse(request.body || '{}') as Record<string, unknown>);
  });
  return { ...endpoint, deployments, failNext: (group, error) => failures.set(group, error) };
}
