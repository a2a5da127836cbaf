import { randomBytes } from 'node:crypto';

/** Temporary credentials for a job's artifacts (AWSSessionCredentials). */
export interface ArtifactCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

/**
 * Fresh session credentials for one hand-out of a job, shaped like STS's (an `ASIA…` key id). Local mode
 * accepts any credentials at the artifact endpoint, as at the JSON API; they are still new each time,
 * as AWS's are, so that a worker which caches or refreshes them behaves the same here.
 */
export function newArtifactCredentials(): ArtifactCredentials {
  return {
    accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64'),
    sessionToken: randomBytes(48).toString('base64'),
  };
}
