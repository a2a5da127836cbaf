import { decodeNextToken, encodeNextToken, isString } from '../paging.js';
import { presentPipelineSummary } from '../presenters/pipeline.js';
import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';

const defaultPageSize = 100;

export const listPipelines: Operation<wire.ListPipelinesInput, wire.ListPipelinesOutput> = async (input, context) => {
  const afterName = decodeNextToken('ListPipelines', input.nextToken, isString);
  const limit = input.maxResults ?? defaultPageSize;
  // One more than asked tells whether another page exists without a count query.
  const rows = await context.services.store.listPipelines({ ...(afterName !== undefined ? { afterName } : {}), limit: limit + 1 });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    pipelines: page.map(presentPipelineSummary),
    ...(rows.length > limit && last !== undefined ? { nextToken: encodeNextToken('ListPipelines', last.name) } : {}),
  };
};
