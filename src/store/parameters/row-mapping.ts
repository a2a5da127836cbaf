import type { ParameterRecord, ParameterType, SecretSummaryRecord } from '../../core/contracts/store.js';
import type { ParametersTable, ParameterVersionsTable, SecretsTable } from '../schema.js';

export function toParameterRecord(row: ParametersTable | ParameterVersionsTable): ParameterRecord {
  return {
    name: row.name,
    type: row.type as ParameterType,
    value: row.value,
    ...(row.description !== null ? { description: row.description } : {}),
    version: row.version,
    lastModified: row.last_modified,
    ...(row.modified_by !== null ? { modifiedBy: row.modified_by } : {}),
  };
}

export function toSecretSummary(row: SecretsTable): SecretSummaryRecord {
  return {
    name: row.name,
    ...(row.description !== null ? { description: row.description } : {}),
    created: row.created,
    lastChanged: row.last_changed,
  };
}
