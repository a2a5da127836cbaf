import { decodeNextToken, encodeNextToken } from '../paging.js';
import type * as wire from '../wire/shapes.js';
import type { Operation } from './operation.js';
import { resolveTaggableResource } from './taggable-resources.js';

/** More than a resource can hold (50), so that one call returns every tag unless maxResults asks for less. */
const defaultPageSize = 100;

/**
 * Tags in the order they were first set. AWS documents that one call returns all tags, yet the model
 * has nextToken and maxResults: a caller that asks for smaller pages gets them, with a token to go on.
 */
export const listTagsForResource: Operation<wire.ListTagsForResourceInput, wire.ListTagsForResourceOutput> = async (input, context) => {
  const { store, partition } = context.services;
  const offset = decodeNextToken('ListTagsForResource', input.nextToken, isOffset) ?? 0;
  await resolveTaggableResource(input.resourceArn, partition, store);
  const tags = await store.listTags(input.resourceArn);
  const limit = input.maxResults ?? defaultPageSize;
  const page = tags.slice(offset, offset + limit);
  return {
    tags: page.map((tag) => ({ key: tag.key, value: tag.value })),
    ...(offset + limit < tags.length ? { nextToken: encodeNextToken('ListTagsForResource', offset + limit) } : {}),
  };
};

function isOffset(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
