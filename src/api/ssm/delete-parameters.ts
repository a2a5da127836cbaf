import { PipewrightError } from '../../core/errors/index.js';
import type { JsonOperation } from '../json-service.js';
import { checkMembers } from '../protocol/check-members.js';

/** SSM DeleteParameter: the parameter and all its versions. A missing one is ParameterNotFound with an empty message. */
export const deleteParameter: JsonOperation = async (body, context) => {
  const input = checkMembers<{ Name: string }>(body, { Name: { type: 'string', required: true, min: 1, max: 2048 } });
  if (!(await context.services.store.deleteParameter(input.Name))) throw new PipewrightError('ParameterNotFound', '');
  return {};
};

/** SSM DeleteParameters: up to 10; the names that were not there come back in InvalidParameters. */
export const deleteParameters: JsonOperation = async (body, context) => {
  const input = checkMembers<{ Names: string[] }>(body, { Names: { type: 'strings', required: true, min: 1, max: 10 } });
  const deleted: string[] = [];
  const invalid: string[] = [];
  for (const name of new Set(input.Names)) {
    if (await context.services.store.deleteParameter(name)) deleted.push(name);
    else invalid.push(name);
  }
  return { DeletedParameters: deleted, InvalidParameters: invalid };
};
