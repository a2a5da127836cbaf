import { parameterTypes, type ParameterType } from '../../core/contracts/store/parameters.js';
import { PipewrightError } from '../../core/errors/index.js';
import type { JsonOperation } from '../json-service.js';
import { checkMembers } from '../protocol/check-members.js';
import { checkParameterName } from './parameter-names.js';
import { tierOf } from './present-parameter.js';

interface PutParameterInput {
  Name: string;
  Value: string;
  Type?: ParameterType;
  Description?: string;
  Overwrite?: boolean;
  Tier?: string;
  AllowedPattern?: string;
  Tags?: object[];
}

/** SSM PutParameter: a new parameter at version 1, or with Overwrite the next version of an existing one. */
export const putParameter: JsonOperation = async (body, context) => {
  const input = checkMembers<PutParameterInput>(body, {
    Name: { type: 'string', required: true, min: 1, max: 2048 },
    Value: { type: 'string', required: true, sensitive: true },
    Type: { type: 'string', enum: parameterTypes },
    Description: { type: 'string', max: 1024 },
    Overwrite: { type: 'boolean' },
    Tier: { type: 'string', enum: ['Standard', 'Advanced', 'Intelligent-Tiering'] },
    AllowedPattern: { type: 'string', max: 1024 },
    Tags: { type: 'objects' },
    KeyId: { type: 'string' },
    DataType: { type: 'string', enum: ['text'] },
  });
  checkParameterName(input.Name);
  if (input.Overwrite === true && input.Tags !== undefined) {
    throw new PipewrightError('ValidationException', 'Invalid request: tags and overwrite can\'t be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.');
  }
  const limit = input.Tier === undefined || input.Tier === 'Standard' ? 4096 : 8192;
  if (Buffer.byteLength(input.Value, 'utf8') > limit) {
    throw new PipewrightError('ValidationException', `Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier.`);
  }
  if (input.AllowedPattern !== undefined && !new RegExp(input.AllowedPattern).test(input.Value)) {
    throw new PipewrightError('ValidationException', `Parameter value, cannot be validated against allowedPattern: ${input.AllowedPattern}`);
  }
  const store = context.services.store;
  const existing = await store.getParameter(input.Name);
  const type = input.Type ?? existing?.type;
  if (type === undefined) throw new PipewrightError('ValidationException', 'A parameter type is required when you create a parameter.');
  const stored = await store.putParameter({
    name: input.Name,
    value: input.Value,
    type,
    ...(input.Description !== undefined ? { description: input.Description } : {}),
    overwrite: input.Overwrite === true,
    modifiedBy: context.principal.arn,
    now: context.now,
  });
  if (stored === undefined) {
    throw new PipewrightError('ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.');
  }
  return { Version: stored.version, Tier: tierOf(stored.value) };
};
