import { describe, expect, it } from 'vitest';
import { jobAwsEnvironment, jobServerUrl } from '../../src/worker/job-aws-environment.js';

/**
 * What a job's work is given to call AWS APIs. Variable names from the AWS SDKs and Tools reference
 * guide ("Identifiers for service-specific endpoints": AWS_ENDPOINT_URL_CODEPIPELINE, _S3, _SSM,
 * _SECRETS_MANAGER, _IAM, _STS; "Container credential provider": AWS_CONTAINER_CREDENTIALS_FULL_URI,
 * AWS_CONTAINER_AUTHORIZATION_TOKEN).
 */
const grant = { path: '/credentials/abc', authorizationToken: 'token-1', secrets: [], notes: [], revoke: () => Promise.resolve() };

describe('the AWS environment of a job', () => {
  it("points every service Pipewright answers at the server, and the credentials at the job's path", () => {
    expect(jobAwsEnvironment(grant, 'http://127.0.0.1:8741', 'eu-west-1', new Set())).toEqual({
      AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:8741/credentials/abc',
      AWS_CONTAINER_AUTHORIZATION_TOKEN: 'token-1',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL_CODEPIPELINE: 'http://127.0.0.1:8741',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:8741/s3',
      AWS_ENDPOINT_URL_SSM: 'http://127.0.0.1:8741',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://127.0.0.1:8741',
      AWS_ENDPOINT_URL_IAM: 'http://127.0.0.1:8741',
      AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:8741',
    });
  });

  it("leaves S3 to AWS's own endpoint when every bucket is on AWS", () => {
    const env = jobAwsEnvironment(grant, 'http://127.0.0.1:8741', 'us-east-1', new Set(['s3']));
    expect(env.AWS_ENDPOINT_URL_S3).toBeUndefined();
    expect(env.AWS_ENDPOINT_URL_CODEPIPELINE).toBe('http://127.0.0.1:8741');
  });

  it('reaches a server listening on every address at loopback, where the SDKs accept plain HTTP', () => {
    expect(jobServerUrl('http://0.0.0.0:8741')).toBe('http://127.0.0.1:8741');
    expect(jobServerUrl('http://[::]:8741')).toBe('http://[::1]:8741');
    expect(jobServerUrl('https://ci.example.com')).toBe('https://ci.example.com');
  });
});
