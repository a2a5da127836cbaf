import type { Service } from '@aws-sdk/client-ecs';

export type Stability = { state: 'stable' } | { state: 'deploying'; summary: string } | { state: 'failed'; reason: string };

/**
 * Whether an ECS service has finished deploying: its primary deployment's rollout completed, or (for
 * services without rollout states, as the SDK's `services-stable` waiter reads them) one deployment left
 * running the desired count. A failed rollout (deployment circuit breaker) fails with ECS's reason.
 */
export function serviceStability(service: Service): Stability {
  const deployments = service.deployments ?? [];
  const primary = deployments.find((deployment) => deployment.status === 'PRIMARY');
  if (primary?.rolloutState === 'FAILED') return { state: 'failed', reason: primary.rolloutStateReason ?? 'the rollout failed' };
  const settled = primary?.rolloutState !== undefined ? primary.rolloutState === 'COMPLETED' : true;
  if (settled && deployments.length === 1 && service.runningCount === service.desiredCount) return { state: 'stable' };
  return {
    state: 'deploying',
    summary: `${service.serviceName}: ${primary?.runningCount ?? 0} of ${service.desiredCount ?? 0} tasks of the new revision running, ${deployments.length} deployments`,
  };
}
