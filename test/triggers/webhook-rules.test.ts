import { describe, expect, it } from 'vitest';
import type { WebhookDefinition } from '../../src/core/contracts/store.js';
import type { PipelineDeclaration } from '../../src/core/declaration/types.js';
import { PipewrightError } from '../../src/core/errors/index.js';
import { checkWebhookDefinition } from '../../src/engine/change-detection/webhooks/check-webhook-definition.js';
import { inRange, refuseCall } from '../../src/engine/change-detection/webhooks/webhook-authentication.js';
import { failedFilter } from '../../src/engine/change-detection/webhooks/webhook-filters.js';
import { createHmac } from 'node:crypto';

const pipeline: PipelineDeclaration = {
  name: 'app',
  roleArn: 'arn:aws:iam::123456789012:role/r',
  artifactStore: { type: 'S3', location: 'b' },
  stages: [
    { name: 'Source', actions: [{ name: 'Src', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' } }] },
    { name: 'Build', actions: [{ name: 'Make', actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' } }] },
  ],
};

function hook(extra: Partial<WebhookDefinition>): WebhookDefinition {
  return { name: 'h', targetPipeline: 'app', targetAction: 'Src', filters: [], authentication: 'UNAUTHENTICATED', authenticationConfiguration: {}, ...extra };
}

function refusal(definition: WebhookDefinition): string | undefined {
  try {
    checkWebhookDefinition(definition, pipeline);
    return undefined;
  } catch (error) {
    return error instanceof PipewrightError ? error.code : String(error);
  }
}

describe('webhook rules', () => {
  it('accepts each authentication with exactly its property, and refuses the other combinations', () => {
    expect(refusal(hook({}))).toBeUndefined();
    expect(refusal(hook({ authentication: 'GITHUB_HMAC', authenticationConfiguration: { SecretToken: 's' } }))).toBeUndefined();
    expect(refusal(hook({ authentication: 'IP', authenticationConfiguration: { AllowedIPRange: '10.0.0.0/8' } }))).toBeUndefined();
    for (const wrong of [
      hook({ authentication: 'GITHUB_HMAC' }),
      hook({ authentication: 'GITHUB_HMAC', authenticationConfiguration: { SecretToken: 's', AllowedIPRange: '10.0.0.0/8' } }),
      hook({ authentication: 'IP', authenticationConfiguration: { AllowedIPRange: '10.0.0.300/8' } }),
      hook({ authentication: 'IP', authenticationConfiguration: { AllowedIPRange: '10.0.0.1' } }),
      hook({ authentication: 'IP', authenticationConfiguration: { AllowedIPRange: '10.0.0.0/8', SecretToken: 's' } }),
      hook({ authenticationConfiguration: { SecretToken: 's' } }),
    ]) {
      expect(refusal(wrong), JSON.stringify(wrong)).toBe('InvalidWebhookAuthenticationParametersException');
    }
  });

  it('refuses filters that are not JSONPath expressions, and targets that are not source actions', () => {
    for (const jsonPath of ['ref', '$.commits[', "$.a['b]", '$.a)', '$.']) {
      expect(refusal(hook({ filters: [{ jsonPath }] })), jsonPath).toBe('InvalidWebhookFilterPatternException');
    }
    expect(refusal(hook({ filters: [{ jsonPath: "$.commits[?(@.id=='x')].id" }, { jsonPath: '$..full_name' }] }))).toBeUndefined();
    expect(refusal(hook({ targetAction: 'Make' }))).toBe('ValidationException');
    expect(refusal(hook({ targetAction: 'Nope' }))).toBe('ValidationException');
  });

  it('applies every filter, with {ConfigKey} taken from the target action configuration', () => {
    const body = { ref: 'refs/heads/main', repository: { full_name: 'acme/app', size: 12 }, commits: [{ id: 'x' }, { id: 'y' }] };
    const configuration = { Branch: 'main', Repo: 'app' };
    expect(failedFilter([{ jsonPath: '$.ref', matchEquals: 'refs/heads/{Branch}' }, { jsonPath: '$.repository.full_name', matchEquals: 'acme/{Repo}' }], body, configuration)).toBeUndefined();
    expect(failedFilter([{ jsonPath: '$.commits[*].id', matchEquals: 'y' }, { jsonPath: '$.repository.size', matchEquals: '12' }], body, configuration)).toBeUndefined();
    expect(failedFilter([{ jsonPath: '$.ref' }], body, configuration)).toBeUndefined();
    expect(failedFilter([{ jsonPath: '$.ref', matchEquals: 'refs/heads/dev' }], body, configuration)).toBe(
      'Filter 1 ($.ref) selects "refs/heads/main"; it must equal "refs/heads/dev".',
    );
    expect(failedFilter([{ jsonPath: '$.ref' }, { jsonPath: '$.pusher' }], body, configuration)).toBe('Filter 2 ($.pusher) selects nothing in the body.');
    expect(failedFilter([{ jsonPath: '$.ref', matchEquals: 'refs/heads/{Missing}' }], body, configuration)).toBe(
      "Filter 1 ($.ref) names {Missing}, which the target action's configuration does not have.",
    );
    // Filter expressions run in the safe evaluator: no code of the caller's.
    expect(failedFilter([{ jsonPath: '$.commits[?(process.exit(1))]' }], body, configuration)).toMatch(/could not be applied/);
  });

  it('checks GitHub signatures (sha256, else sha1) over the raw body and caller addresses against CIDR blocks', () => {
    const body = Buffer.from('{"ref":"refs/heads/main"}');
    const hmac = (algorithm: string, secret: string) => `${algorithm}=${createHmac(algorithm, secret).update(body).digest('hex')}`;
    const signed = hook({ authentication: 'GITHUB_HMAC', authenticationConfiguration: { SecretToken: 'top' } });
    const call = (headers: Record<string, string>, remoteAddress = '127.0.0.1') => ({ body, headers, remoteAddress });
    expect(refuseCall(signed, call({ 'x-hub-signature-256': hmac('sha256', 'top') }))).toBeUndefined();
    expect(refuseCall(signed, call({ 'x-hub-signature': hmac('sha1', 'top') }))).toBeUndefined();
    expect(refuseCall(signed, call({ 'x-hub-signature-256': hmac('sha256', 'other') }))?.kind).toBe('unauthenticated');
    expect(refuseCall(signed, call({}))?.kind).toBe('unauthenticated');

    const byAddress = hook({ authentication: 'IP', authenticationConfiguration: { AllowedIPRange: '192.0.2.0/24' } });
    expect(refuseCall(byAddress, call({}, '192.0.2.77'))).toBeUndefined();
    expect(refuseCall(byAddress, call({}, '::ffff:192.0.2.8'))).toBeUndefined();
    expect(refuseCall(byAddress, call({}, '198.51.100.1'))?.kind).toBe('forbidden');
    expect(inRange('2001:db8::1', '2001:db8::/32')).toBe(true);
    expect(inRange('127.0.0.1', '::ffff:127.0.0.0/104')).toBe(true);
    expect(inRange('2001:db9::1', '2001:db8::/32')).toBe(false);
    expect(inRange('not an address', '0.0.0.0/0')).toBe(false);
  });
});
