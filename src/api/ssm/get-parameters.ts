import type { ParameterRecord } from '../../core/contracts/store.js';
import { PipewrightError } from '../../core/errors/index.js';
import type { JsonOperation } from '../json-service.js';
import type { RequestContext } from '../operations/operation.js';
import { checkMembers } from '../protocol/check-members.js';
import { parseSelector } from './parameter-names.js';
import { presentParameter } from './present-parameter.js';

/** A parameter, or one of its versions with `name:version`; undefined when either is not there. */
async function lookUp(requested: string, context: RequestContext): Promise<{ parameter: ParameterRecord; selector?: string } | 'no-version' | undefined> {
  const { name, version, label } = parseSelector(requested);
  const store = context.services.store;
  if (version === undefined && label === undefined) {
    const parameter = await store.getParameter(name);
    return parameter === undefined ? undefined : { parameter };
  }
  if ((await store.getParameter(name)) === undefined) return undefined;
  // Labels are not kept here, so a label selector finds no version.
  const parameter = version === undefined ? undefined : await store.getParameterVersion(name, version);
  return parameter === undefined ? 'no-version' : { parameter, selector: requested.slice(name.length) };
}

/** SSM GetParameter. AWS answers a missing parameter with ParameterNotFound and an empty message. */
export const getParameter: JsonOperation = async (body, context) => {
  const input = checkMembers<{ Name: string; WithDecryption?: boolean }>(body, {
    Name: { type: 'string', required: true, min: 1, max: 2048 },
    WithDecryption: { type: 'boolean' },
  });
  const found = await lookUp(input.Name, context);
  if (found === undefined) throw new PipewrightError('ParameterNotFound', '');
  if (found === 'no-version') {
    const { name, version, label } = parseSelector(input.Name);
    throw new PipewrightError('ParameterVersionNotFound', `Systems Manager could not find version ${version ?? label} of ${name}. Verify the version and try again.`);
  }
  const selector = found.selector;
  return {
    Parameter: presentParameter(context.services.partition, found.parameter, { decrypt: input.WithDecryption === true, ...(selector !== undefined ? { selector } : {}) }),
  };
};

/** SSM GetParameters: up to 10 names; the ones not found are listed in InvalidParameters. */
export const getParameters: JsonOperation = async (body, context) => {
  const input = checkMembers<{ Names: string[]; WithDecryption?: boolean }>(body, {
    Names: { type: 'strings', required: true, min: 1, max: 10 },
    WithDecryption: { type: 'boolean' },
  });
  const parameters: object[] = [];
  const invalid: string[] = [];
  for (const requested of new Set(input.Names)) {
    const found = await lookUp(requested, context);
    if (found === undefined || found === 'no-version') {
      invalid.push(requested);
      continue;
    }
    const selector = found.selector;
    parameters.push(presentParameter(context.services.partition, found.parameter, { decrypt: input.WithDecryption === true, ...(selector !== undefined ? { selector } : {}) }));
  }
  return { Parameters: parameters, InvalidParameters: invalid };
};
