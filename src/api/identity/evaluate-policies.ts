import type { Simulation } from '@cloud-copilot/iam-simulate';
import type * as IamSimulator from './iam-simulator.js';

type Simulator = typeof IamSimulator;
let loading: Promise<Simulator> | undefined;
/** The simulator, loaded at the first decision (about 300 KB of JavaScript a start in none mode never needs). */
const simulator = (): Promise<Simulator> => (loading ??= import('./iam-simulator.js'));

/**
 * Identity-policy evaluation is @cloud-copilot/iam-simulate's, not ours: Allow/Deny, Action/NotAction,
 * Resource/NotResource with wildcards, explicit deny first, default deny, and every condition operator.
 * Documents are checked once when they are stored (`policyDocumentErrors`), so each request runs the
 * evaluation without validating them again (runUnsafeSimulation).
 */
export interface NamedPolicy {
  name: string;
  document: unknown;
}

export interface AuthorizationRequest {
  principalArn: string;
  accountId: string;
  action: string;
  resource: string;
  context: Record<string, string | string[]>;
}

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export async function evaluatePolicies(policies: readonly NamedPolicy[], request: AuthorizationRequest): Promise<Decision> {
  const { runUnsafeSimulation } = await simulator();
  return runUnsafeSimulation(simulationOf(policies, request), {});
}

/**
 * sts:AssumeRole as AWS decides it: the caller's identity policies and the role's trust policy (the
 * role's resource policy) together, so that a trust policy naming the caller allows on its own in the
 * same account, and one naming the account needs an identity policy that allows too. The checked
 * simulation (not runUnsafeSimulation, which fails on a resource policy in this version): AssumeRole is
 * rare enough for its cost.
 */
export async function evaluateWithTrustPolicy(policies: readonly NamedPolicy[], trustPolicy: unknown, request: AuthorizationRequest): Promise<Decision> {
  const { runSimulation } = await simulator();
  const result = await runSimulation({ ...simulationOf(policies, request), resourcePolicy: trustPolicy }, {});
  return result.resultType === 'error' ? 'ImplicitlyDenied' : result.overallResult;
}

/** Whether a role's trust policy lets the AWS service `service` (codebuild.amazonaws.com…) assume it. */
export async function trustsService(trustPolicy: unknown, service: string, role: { arn: string; accountId: string }): Promise<boolean> {
  const { runSimulation } = await simulator();
  const result = await runSimulation(
    {
      request: { principal: service, action: 'sts:AssumeRole', resource: { resource: role.arn, accountId: role.accountId }, contextVariables: {} },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: trustPolicy,
    },
    {},
  );
  return result.resultType !== 'error' && result.overallResult === 'Allowed';
}

/** What is wrong with a role's trust policy, as the simulator's validation of resource policies says; undefined when nothing. */
export async function trustPolicyErrors(document: unknown): Promise<string | undefined> {
  const { runSimulation } = await simulator();
  const result = await runSimulation(
    {
      ...simulationOf([], { principalArn: 'arn:aws:iam::123456789012:user/check', accountId: '123456789012', action: 'sts:AssumeRole', resource: 'arn:aws:iam::123456789012:role/check', context: {} }),
      resourcePolicy: document,
    },
    {},
  );
  if (result.resultType !== 'error') return undefined;
  const errors = (result.errors as { resourcePolicyErrors?: { message?: string }[] }).resourcePolicyErrors;
  const first = errors?.[0];
  if (first === undefined) return undefined;
  return first.message ?? 'The trust policy is not valid.';
}

/** What is wrong with a policy document, as the simulator's validation (iam-policy) says; undefined when nothing. */
export async function policyDocumentErrors(document: unknown): Promise<string | undefined> {
  const { runSimulation } = await simulator();
  const result = await runSimulation(
    simulationOf([{ name: 'checked', document }], { principalArn: 'arn:aws:iam::123456789012:user/check', accountId: '123456789012', action: 'codepipeline:ListPipelines', resource: '*', context: {} }),
    {},
  );
  if (result.resultType !== 'error') return undefined;
  const identityErrors = (result.errors as { identityPolicyErrors?: Record<string, { message?: string }[]> }).identityPolicyErrors;
  const first = identityErrors === undefined ? undefined : Object.values(identityErrors).flat()[0];
  if (identityErrors === undefined || first === undefined) return undefined;
  return first.message ?? 'The policy document is not valid.';
}

function simulationOf(policies: readonly NamedPolicy[], request: AuthorizationRequest): Simulation {
  return {
    request: {
      principal: request.principalArn,
      action: request.action,
      resource: { resource: request.resource, accountId: request.accountId },
      contextVariables: request.context,
    },
    identityPolicies: policies.map((policy) => ({ name: policy.name, policy: policy.document })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  };
}
