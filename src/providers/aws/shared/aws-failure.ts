import type { ActionOutcome, FailureType } from '../../../core/contracts/action-provider.js';
import { configuredEndpoint, type AwsService } from './aws-service.js';

export type FailedOutcome = Extract<ActionOutcome, { status: 'Failed' }>;

/** A failure the provider itself found (bad configuration, a missing file, a resource in the wrong state). */
export class AwsActionFailure extends Error {
  override readonly name = 'AwsActionFailure';
  constructor(
    readonly failureType: FailureType,
    message: string,
  ) {
    super(message);
  }
}

const permissionErrors = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
]);
const networkCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH']);

interface Rule {
  applies(error: Error & { code?: string; $metadata?: unknown }): boolean;
  failure(error: Error & { code?: string }, service: AwsService, region: string): FailedOutcome;
}

/**
 * How an error of an AWS call becomes the action's failure, first rule that applies wins. Anything
 * else (a fault of ours) is thrown on: the worker reports it as a system error, never as success.
 */
const rules: readonly Rule[] = [
  {
    applies: (error) => error instanceof AwsActionFailure,
    failure: (error) => failed((error as AwsActionFailure).failureType, error.message),
  },
  {
    applies: (error) => error.name === 'CredentialsProviderError',
    failure: (_error, service) => failed('ConfigurationError', missingCredentialsMessage(service)),
  },
  {
    applies: (error) => error.code !== undefined && networkCodes.has(error.code),
    failure: (error, service, region) =>
      failed(
        'JobFailed',
        `Could not reach ${service.title} at ${configuredEndpoint(service, region)} (${error.code}). ` +
          `Check AWS_ENDPOINT_URL_${service.endpointEnvName} or AWS_ENDPOINT_URL, or unset them to reach AWS.`,
      ),
  },
  {
    applies: (error) => error.$metadata !== undefined && permissionErrors.has(error.name),
    failure: (error, service) => failed('PermissionError', `${service.title} refused the call: ${error.name}: ${error.message}`),
  },
  {
    applies: (error) => error.$metadata !== undefined,
    failure: (error, service) => failed('JobFailed', `${service.title}: ${error.name}: ${error.message}`),
  },
];

export function awsFailure(error: unknown, service: AwsService, region: string): FailedOutcome {
  if (!(error instanceof Error)) throw error;
  const rule = rules.find((candidate) => candidate.applies(error));
  if (rule === undefined) throw error;
  return rule.failure(error, service, region);
}

export function missingCredentialsMessage(service: AwsService): string {
  return (
    `No AWS credentials to call ${service.title}: the server found none in the standard credential chain. Configure ` +
    `AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (with AWS_SESSION_TOKEN for temporary ones), or AWS_PROFILE naming a profile ` +
    `of ~/.aws/config (SSO included), or run the server with an instance or container role. To deploy to LocalStack or another ` +
    `AWS-compatible endpoint instead of AWS, also set AWS_ENDPOINT_URL or AWS_ENDPOINT_URL_${service.endpointEnvName}.`
  );
}

function failed(failureType: FailureType, message: string): FailedOutcome {
  return { status: 'Failed', failureType, message };
}
