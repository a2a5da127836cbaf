import { apiJson } from './api-fetch.js';
import { urlOf, type Connection } from './connection.js';

/**
 * A one-time sign-in link to the console of a server in iam mode, for the credentials this client
 * signs with. The token travels in the URL's fragment, which browsers never send to a server or log.
 */
export async function consoleSignInLink(connection: Connection): Promise<{ url: string; arn: string; expiresInSeconds: number }> {
  const issued = await apiJson<{ linkToken: string; arn: string; expiresInSeconds: number }>(connection, '/api/session/links', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  return { url: `${urlOf(connection, '/sign-in')}#link=${issued.linkToken}`, arn: issued.arn, expiresInSeconds: issued.expiresInSeconds };
}
