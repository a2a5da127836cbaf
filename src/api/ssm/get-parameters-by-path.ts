import { PipewrightError } from '../../core/errors/index.js';
import type { JsonOperation } from '../json-service.js';
import { isString } from '../paging.js';
import { checkMembers } from '../protocol/check-members.js';
import { presentParameter } from './present-parameter.js';
import { decodeSsmToken, encodeNextToken } from './ssm-paging.js';

interface GetParametersByPathInput {
  Path: string;
  Recursive?: boolean;
  WithDecryption?: boolean;
  MaxResults?: number;
  NextToken?: string;
  ParameterFilters?: object[];
}

/** SSM GetParametersByPath: the parameters directly under a path, or all below it with Recursive; 10 a page by default. */
export const getParametersByPath: JsonOperation = async (body, context) => {
  const input = checkMembers<GetParametersByPathInput>(body, {
    Path: { type: 'string', required: true, min: 1, max: 2048 },
    Recursive: { type: 'boolean' },
    WithDecryption: { type: 'boolean' },
    MaxResults: { type: 'integer', min: 1, max: 10 },
    NextToken: { type: 'string' },
    ParameterFilters: { type: 'objects' },
  });
  if (!input.Path.startsWith('/')) {
    throw new PipewrightError('ValidationException', 'The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/".');
  }
  if (input.ParameterFilters !== undefined && input.ParameterFilters.length > 0) {
    throw new PipewrightError('InvalidFilterKey', 'Pipewright does not filter GetParametersByPath; use DescribeParameters with ParameterFilters.');
  }
  const afterName = decodeSsmToken('GetParametersByPath', input.NextToken, isString);
  const limit = input.MaxResults ?? 10;
  const rows = await context.services.store.listParameters({
    ...(input.Path === '/' ? {} : { path: input.Path }),
    recursive: input.Recursive === true || input.Path === '/',
    ...(afterName !== undefined ? { afterName } : {}),
    limit: limit + 1,
  });
  // The root without Recursive holds only the names without a further `/` (a name like `/x` or `x`).
  const shown = input.Path === '/' && input.Recursive !== true ? rows.filter((row) => !row.name.slice(1).includes('/')) : rows;
  const page = shown.slice(0, limit);
  const last = page.at(-1);
  return {
    Parameters: page.map((parameter) => presentParameter(context.services.partition, parameter, { decrypt: input.WithDecryption === true })),
    ...(rows.length > limit && last !== undefined ? { NextToken: encodeNextToken('GetParametersByPath', last.name) } : {}),
  };
};
