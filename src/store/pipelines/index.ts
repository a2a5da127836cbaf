import type { Kysely } from 'kysely';
import type { PipelineOperations } from '../../core/contracts/store.js';
import type { Database } from '../schema.js';
import { createPipeline } from './create-pipeline.js';
import { deletePipeline } from './delete-pipeline.js';
import { getPipelineVersion } from './get-pipeline-version.js';
import { getPipeline, pipelineByName } from './get-pipeline.js';
import { ParsedDeclarations } from './parsed-declarations.js';
import { countPipelines, listPipelines } from './list-pipelines.js';
import { updatePipeline } from './update-pipeline.js';

export function pipelineOperations(db: Kysely<Database>): PipelineOperations {
  const byName = pipelineByName(db);
  const parsed = new ParsedDeclarations();
  return {
    createPipeline: (input) => createPipeline(db, input),
    getPipeline: (name) => getPipeline(db, byName(name), parsed),
    getPipelineVersion: (name, version) => getPipelineVersion(db, name, version),
    updatePipeline: (input) => updatePipeline(db, input),
    deletePipeline: (name) => deletePipeline(db, name),
    listPipelines: (page) => listPipelines(db, page),
    countPipelines: () => countPipelines(db),
  };
}
