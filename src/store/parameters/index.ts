import type { Kysely } from 'kysely';
import type { ParameterOperations, SecretOperations } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';
import { createSecret } from './create-secret.js';
import { deleteParameter } from './delete-parameter.js';
import { deleteSecret } from './delete-secret.js';
import { describeSecret } from './describe-secret.js';
import { getParameter } from './get-parameter.js';
import { getParameterHistory, getParameterVersion } from './get-parameter-history.js';
import { getSecretValue } from './get-secret-value.js';
import { listParameters } from './list-parameters.js';
import { listSecrets } from './list-secrets.js';
import { putParameter } from './put-parameter.js';
import { putSecretValue } from './put-secret-value.js';
import { updateSecretDescription } from './update-secret-description.js';
import { updateSecretVersionStage } from './update-secret-version-stage.js';

export function parameterOperations(db: Kysely<Database>): ParameterOperations & SecretOperations {
  return {
    putParameter: (input) => putParameter(db, input),
    getParameter: (name) => getParameter(db, name),
    getParameterVersion: (name, version) => getParameterVersion(db, name, version),
    getParameterHistory: (name) => getParameterHistory(db, name),
    listParameters: (page) => listParameters(db, page),
    deleteParameter: (name) => deleteParameter(db, name),
    createSecret: (input) => createSecret(db, input),
    putSecretValue: (input) => putSecretValue(db, input),
    getSecretValue: (name, select) => getSecretValue(db, name, select),
    describeSecret: (name) => describeSecret(db, name),
    listSecrets: (page) => listSecrets(db, page),
    updateSecretVersionStage: (input) => updateSecretVersionStage(db, input),
    updateSecretDescription: (input) => updateSecretDescription(db, input),
    deleteSecret: (name) => deleteSecret(db, name),
  };
}
