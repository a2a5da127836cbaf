import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '../../core/contracts/store.js';
import { newIamId, newSecretAccessKey } from '../../core/identity/access-key-ids.js';
import type { SecretSealer } from '../../core/identity/secret-sealing.js';

export const credentialsProfile = 'pipewright';

/**
 * On the first start in iam mode, the account's root gets an access key, written to
 * `<data-dir>/credentials` (0600) as an AWS shared credentials file with one profile, so that
 * `AWS_SHARED_CREDENTIALS_FILE=… AWS_PROFILE=pipewright` works for the AWS CLI, SDKs and `pipewright`.
 * Returns what was written when it was written now; undefined when the root already had a key.
 */
export interface CreatedRootCredentials {
  file: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export async function ensureRootCredentials(store: Store, sealer: SecretSealer, dataDir: string, now: number): Promise<CreatedRootCredentials | undefined> {
  if ((await store.listAccessKeys(null)).length > 0) return undefined;
  const accessKeyId = newIamId('AKIA');
  const secret = newSecretAccessKey();
  await store.createAccessKey({ accessKeyId, userName: null, sealedSecret: sealer.seal(secret), status: 'Active', created: now });
  const path = join(dataDir, 'credentials');
  writeFileSync(path, credentialsFile(accessKeyId, secret), { mode: 0o600 });
  return { file: path, accessKeyId, secretAccessKey: secret };
}

export function credentialsFile(accessKeyId: string, secretAccessKey: string): string {
  return [
    '# The root credentials of this Pipewright server (allowed everything). Keep this file private;',
    '# create IAM users with narrower policies for people and machines (README: Sharing a server).',
    `[${credentialsProfile}]`,
    `aws_access_key_id = ${accessKeyId}`,
    `aws_secret_access_key = ${secretAccessKey}`,
    '',
  ].join('\n');
}
