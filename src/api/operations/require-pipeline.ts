import type { PipelineRecord, StoreOperations } from '../../core/contracts/store.js';
import { awsMessages, PipewrightError } from '../../core/errors/index.js';

/** The pipeline, or PipelineNotFoundException in AWS's words (StartPipelineExecution words it its own way). */
export async function requirePipeline(
  store: Pick<StoreOperations, 'getPipeline'>,
  name: string,
  accountId: string,
  wording: 'default' | 'start' = 'default',
): Promise<PipelineRecord> {
  const pipeline = await store.getPipeline(name);
  if (pipeline === undefined) {
    const message = wording === 'start' ? awsMessages.pipelineNotFoundToStart(accountId, name) : awsMessages.pipelineNotFound(accountId, name);
    throw new PipewrightError('PipelineNotFoundException', message);
  }
  return pipeline;
}
