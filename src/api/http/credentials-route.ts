import type { FastifyInstance } from 'fastify';
import type { JobCredentialGrants } from '../identity/job-credential-grants.js';

/**
 * `GET /credentials/<id>`: a running job's role credentials, as the container credentials provider of
 * the AWS SDKs and CLI reads them from AWS_CONTAINER_CREDENTIALS_FULL_URI, sending
 * AWS_CONTAINER_AUTHORIZATION_TOKEN as the Authorization header. The answer is the provider's JSON
 * (AccessKeyId, SecretAccessKey, Token, Expiration: AWS SDK for JavaScript v3,
 * packages/credential-provider-http/src/fromHttp/requestHelpers.ts); a refusal is a 4xx with Code and
 * Message, which the SDKs report. No SigV4 here: the token is the proof, as at ECS's endpoint.
 */
export function registerCredentialsRoute(app: FastifyInstance, grants: JobCredentialGrants): void {
  app.get<{ Params: { id: string } }>('/credentials/:id', async (request, reply) => {
    const authorization = request.headers.authorization;
    const credentials = await grants.answer(request.params.id, typeof authorization === 'string' ? authorization : undefined);
    void reply.header('cache-control', 'no-store');
    if (credentials === undefined) {
      return reply.code(403).send({ Code: 'AccessDenied', Message: 'No credentials here for this token: the job they belonged to has ended, or the token is not its own.' });
    }
    return reply.code(200).header('content-type', 'application/json').send(credentials);
  });
}
