import type { Operation } from './operation.js';
import { createPipeline } from './create-pipeline.js';
import { getPipeline } from './get-pipeline.js';
import { updatePipeline } from './update-pipeline.js';
import { deletePipeline } from './delete-pipeline.js';
import { listPipelines } from './list-pipelines.js';

/**
 * The operation table: every CodePipeline operation Pipewright serves, by its wire name. An operation
 * missing here answers UnknownOperationException, as AWS answers for names it does not know.
 */
export const operationTable: Partial<Record<string, Operation<never, object>>> = {
  CreatePipeline: createPipeline,
  GetPipeline: getPipeline,
  UpdatePipeline: updatePipeline,
  DeletePipeline: deletePipeline,
  ListPipelines: listPipelines,
};
