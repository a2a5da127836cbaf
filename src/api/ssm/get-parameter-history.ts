import { PipewrightError } from '../../core/errors/index.js';
import type { JsonOperation } from '../json-service.js';
import { checkMembers } from '../protocol/check-members.js';
import { presentParameterHistory } from './present-parameter.js';
import { decodeSsmToken, encodeNextToken } from './ssm-paging.js';

const isVersion = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

/** SSM GetParameterHistory: every version the parameter keeps, oldest first, 50 a page at most. */
export const getParameterHistory: JsonOperation = async (body, context) => {
  const input = checkMembers<{ Name: string; WithDecryption?: boolean; MaxResults?: number; NextToken?: string }>(body, {
    Name: { type: 'string', required: true, min: 1, max: 2048 },
    WithDecryption: { type: 'boolean' },
    MaxResults: { type: 'integer', min: 1, max: 50 },
    NextToken: { type: 'string' },
  });
  const afterVersion = decodeSsmToken('GetParameterHistory', input.NextToken, isVersion) ?? 0;
  const history = await context.services.store.getParameterHistory(input.Name);
  if (history.length === 0) throw new PipewrightError('ParameterNotFound', '');
  const limit = input.MaxResults ?? 50;
  const rest = history.filter((version) => version.version > afterVersion);
  const page = rest.slice(0, limit);
  const last = page.at(-1);
  return {
    Parameters: page.map((version) => presentParameterHistory(version, input.WithDecryption === true)),
    ...(rest.length > limit && last !== undefined ? { NextToken: encodeNextToken('GetParameterHistory', last.version) } : {}),
  };
};
