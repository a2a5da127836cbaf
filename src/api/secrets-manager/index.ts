import type { JsonService } from '../json-service.js';
import { createSecret } from './create-secret.js';
import { deleteSecret } from './delete-secret.js';
import { describeSecret, listSecrets } from './describe-secrets.js';
import { getSecretValue } from './get-secret-value.js';
import { putSecretValue } from './put-secret-value.js';
import { updateSecret } from './update-secret.js';
import { updateSecretVersionStage } from './update-secret-version-stage.js';

/** Secrets Manager (`X-Amz-Target: secretsmanager.<Operation>`) over Pipewright's secrets store. */
export const secretsManagerService: JsonService = {
  signingName: 'secretsmanager',
  operations: {
    CreateSecret: createSecret,
    PutSecretValue: putSecretValue,
    GetSecretValue: getSecretValue,
    DescribeSecret: describeSecret,
    ListSecrets: listSecrets,
    UpdateSecret: updateSecret,
    UpdateSecretVersionStage: updateSecretVersionStage,
    DeleteSecret: deleteSecret,
  },
  reads: new Set(['GetSecretValue', 'DescribeSecret', 'ListSecrets']),
};
