import type { PipelineDeclaration } from '../../core/declaration/types.js';
import type { PipelineRecord } from '../../core/contracts/store.js';
import type { PipelinesTable } from '../schema.js';

export function parseDeclaration(json: string): PipelineDeclaration {
  return JSON.parse(json) as PipelineDeclaration;
}

export function toPipelineRecord(row: PipelinesTable, declaration: PipelineDeclaration): PipelineRecord {
  return {
    name: row.name,
    version: row.version,
    declaration,
    created: row.created,
    updated: row.updated,
    ...(row.polling_disabled_at !== null ? { pollingDisabledAt: row.polling_disabled_at } : {}),
  };
}

/** The columns summarising a declaration, kept beside it so that listing needs no JSON parsing. */
export function summaryColumns(declaration: PipelineDeclaration): Pick<PipelinesTable, 'pipeline_type' | 'execution_mode'> {
  return {
    pipeline_type: declaration.pipelineType ?? 'V1',
    execution_mode: declaration.executionMode ?? 'SUPERSEDED',
  };
}
