import type { PipelineRecord, StoreOperations } from '../../core/contracts/store.js';
import { PipewrightError } from '../../core/errors/index.js';

export async function requirePipeline(store: Pick<StoreOperations, 'getPipeline'>, name: string): Promise<PipelineRecord> {
  const pipeline = await store.getPipeline(name);
  if (pipeline === undefined) throw new PipewrightError('PipelineNotFoundException', `No pipeline named ${name}.`);
  return pipeline;
}
