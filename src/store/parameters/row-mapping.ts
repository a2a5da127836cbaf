import type { ParameterRecord, ParameterType, SecretSummaryRecord } from '../../core/contracts/store.js';
import type { ParametersTable, SecretsTable } from '../schema.js';

export function toParameterRecord(row: ParametersTable): ParameterRecord {
  return {
    name: row.name,
    type: row.type as ParameterType,
    value: row.value,
    ...(row.description !== null ? { description: row.description } : {}),
    version: row.version,
    lastModified: row.last_modified,
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
