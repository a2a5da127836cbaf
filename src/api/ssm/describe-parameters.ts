import type { ParameterRecord } from '../../core/contracts/store.js';
import type { JsonOperation } from '../json-service.js';
import { isString } from '../paging.js';
import { checkMembers } from '../protocol/check-members.js';
import { parameterFilter, type ParameterFilter } from './parameter-filters.js';
import { presentParameterMetadata } from './present-parameter.js';
import { decodeSsmToken, encodeNextToken } from './ssm-paging.js';

/** How many rows a filtered scan reads from the store at a time. */
const scanBatch = 200;

/** SSM DescribeParameters: metadata without values, filtered, by name, 50 a page at most. */
export const describeParameters: JsonOperation = async (body, context) => {
  const input = checkMembers<{ Filters?: ParameterFilter[]; ParameterFilters?: ParameterFilter[]; MaxResults?: number; NextToken?: string }>(body, {
    Filters: { type: 'objects' },
    ParameterFilters: { type: 'objects' },
    MaxResults: { type: 'integer', min: 1, max: 50 },
    NextToken: { type: 'string' },
  });
  const matches = parameterFilter([...(input.Filters ?? []).map((filter) => ({ ...filter, Option: 'Equals' })), ...(input.ParameterFilters ?? [])]);
  const limit = input.MaxResults ?? 50;
  let afterName = decodeSsmToken('DescribeParameters', input.NextToken, isString);
  const found: ParameterRecord[] = [];
  let more = true;
  while (found.length <= limit && more) {
    const rows = await context.services.store.listParameters({ ...(afterName !== undefined ? { afterName } : {}), limit: scanBatch });
    more = rows.length === scanBatch;
    afterName = rows.at(-1)?.name;
    found.push(...rows.filter(matches));
  }
  const page = found.slice(0, limit);
  const last = page.at(-1);
  return {
    Parameters: page.map((parameter) => presentParameterMetadata(context.services.partition, parameter)),
    ...(found.length > limit && last !== undefined ? { NextToken: encodeNextToken('DescribeParameters', last.name) } : {}),
  };
};
