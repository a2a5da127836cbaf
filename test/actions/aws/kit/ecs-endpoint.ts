import { randomUUID } from 'node:crypto';
import { jsonError, jsonReply, startAwsEndpoint, type AwsEndpoint, type AwsReply } from './aws-endpoint.js';

/**
 * A small Amazon ECS on loopback, answering JSON 1.1 (`X-Amz-Target: AmazonEC2ContainerServiceV20141113.*`)
 * as the Amazon ECS API Reference documents it. UpdateService starts a deployment that moves one step
 * per DescribeServices read: the new tasks run, then the old deployment is gone and the rollout
 * COMPLETED, or the rollout FAILED with the reason a test scripted.
 */
export interface FakeEcs extends AwsEndpoint {
  taskDefinitions: Map<string, Record<string, unknown>>;
  services: Map<string, FakeService>;
  registerTaskDefinition(definition: Record<string, unknown>): string;
  createService(cluster: string, serviceName: string, taskDefinition: string, desiredCount: number): void;
  failNextDeployment(serviceName: string, reason: string): void;
  operations(): string[];
}

interface Deployment {
  id: string;
  status: 'PRIMARY' | 'ACTIVE';
  taskDefinition: string;
  desiredCount: number;
  runningCount: number;
  rolloutState: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
  rolloutStateReason?: string;
}

export interface FakeService {
  cluster: string;
  serviceName: string;
  taskDefinition: string;
  desiredCount: number;
  deployments: Deployment[];
  pending: ((service: FakeService) => void)[];
}

const account = '123456789012';

export async function startFakeEcs(): Promise<FakeEcs> {
  const taskDefinitions = new Map<string, Record<string, unknown>>();
  const services = new Map<string, FakeService>();
  const failures = new Map<string, string>();
  const clusterArn = (cluster: string): string => (cluster.startsWith('arn:') ? cluster : `arn:aws:ecs:us-east-1:${account}:cluster/${cluster}`);

  function registerTaskDefinition(definition: Record<string, unknown>): string {
    const family = String(definition.family);
    const revision = [...taskDefinitions.values()].filter((existing) => existing.family === family).length + 1;
    const arn = `arn:aws:ecs:us-east-1:${account}:task-definition/${family}:${revision}`;
    const { tags: _tags, ...rest } = definition;
    taskDefinitions.set(arn, { ...rest, taskDefinitionArn: arn, revision, status: 'ACTIVE', registeredAt: 1796648400 });
    return arn;
  }
  const findDefinition = (reference: string): [string, Record<string, unknown>] | undefined =>
    [...taskDefinitions.entries()].find(([arn, definition]) => arn === reference || `${String(definition.family)}:${String(definition.revision)}` === reference);

  const serviceJson = (service: FakeService) => ({
    serviceArn: `arn:aws:ecs:us-east-1:${account}:service/${service.cluster}/${service.serviceName}`,
    serviceName: service.serviceName,
    clusterArn: clusterArn(service.cluster),
    status: 'ACTIVE',
    taskDefinition: service.taskDefinition,
    desiredCount: service.desiredCount,
    runningCount: service.desiredCount,
    pendingCount: 0,
    launchType: 'FARGATE',
    deployments: service.deployments.map((deployment) => ({ ...deployment, createdAt: 1796648400, updatedAt: 1796648400 })),
  });

  const handlers: Record<string, (body: Record<string, unknown>) => AwsReply> = {
    DescribeServices(body) {
      const cluster = typeof body.cluster === 'string' ? body.cluster : 'default';
      const names = (body.services as string[] | undefined) ?? [];
      const found = names.map((name) => services.get(`${cluster}/${name}`));
      const reply = jsonReply({
        services: found.filter((service) => service !== undefined).map(serviceJson),
        failures: names.filter((_name, index) => found[index] === undefined).map((name) => ({ arn: `arn:aws:ecs:us-east-1:${account}:service/${cluster}/${name}`, reason: 'MISSING' })),
      });
      for (const service of found) service?.pending.shift()?.(service);
      return reply;
    },
    DescribeTaskDefinition(body) {
      const found = findDefinition(String(body.taskDefinition));
      if (found === undefined) return jsonError('ClientException', 'Unable to describe task definition.');
      return jsonReply({ taskDefinition: found[1], tags: (body.include as string[] | undefined)?.includes('TAGS') ? [{ key: 'team', value: 'web' }] : [] });
    },
    RegisterTaskDefinition(body) {
      if (typeof body.family !== 'string' || !Array.isArray(body.containerDefinitions)) return jsonError('ClientException', 'Container definitions and family are required.');
      const arn = registerTaskDefinition(body);
      return jsonReply({ taskDefinition: taskDefinitions.get(arn), tags: body.tags ?? [] });
    },
    UpdateService(body) {
      const cluster = typeof body.cluster === 'string' ? body.cluster : 'default';
      const service = services.get(`${cluster}/${String(body.service)}`);
      if (service === undefined) return jsonError('ServiceNotFoundException', 'Service not found.');
      const taskDefinition = findDefinition(String(body.taskDefinition))?.[0];
      if (taskDefinition === undefined) return jsonError('ClientException', 'TaskDefinition not found.');
      for (const deployment of service.deployments) deployment.status = 'ACTIVE';
      const deployment: Deployment = { id: `ecs-svc/${randomUUID()}`, status: 'PRIMARY', taskDefinition, desiredCount: service.desiredCount, runningCount: 0, rolloutState: 'IN_PROGRESS' };
      service.deployments.unshift(deployment);
      service.taskDefinition = taskDefinition;
      const failure = failures.get(service.serviceName);
      failures.delete(service.serviceName);
      service.pending =
        failure === undefined
          ? [
              () => (deployment.runningCount = service.desiredCount),
              (current) => {
                current.deployments = [deployment];
                deployment.rolloutState = 'COMPLETED';
              },
            ]
          : [
              () => {
                deployment.rolloutState = 'FAILED';
                deployment.rolloutStateReason = failure;
              },
            ];
      return jsonReply({ service: serviceJson(service) });
    },
  };

  const endpoint = await startAwsEndpoint((request) => {
    const handler = handlers[request.target ?? ''];
    if (handler === undefined) return jsonError('UnknownOperationException', `Unknown operation ${request.target}`);
    return handler(JSON.parse(request.body || '{}') as Record<string, unknown>);
  });
  return {
    ...endpoint,
    taskDefinitions,
    services,
    registerTaskDefinition,
    createService(cluster, serviceName, taskDefinition, desiredCount) {
      services.set(`${cluster}/${serviceName}`, {
        cluster,
        serviceName,
        taskDefinition,
        desiredCount,
        deployments: [{ id: `ecs-svc/${randomUUID()}`, status: 'PRIMARY', taskDefinition, desiredCount, runningCount: desiredCount, rolloutState: 'COMPLETED' }],
        pending: [],
      });
    },
    failNextDeployment: (serviceName, reason) => failures.set(serviceName, reason),
    operations: () => endpoint.requests.map((request) => request.target ?? ''),
  };
}
