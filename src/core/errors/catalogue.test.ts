import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorCatalogue } from './catalogue.js';

/**
 * The catalogue and AWS's service model name the same exceptions. The model is read as a file: core
 * does not import the API layer that vendors it.
 */
const model = JSON.parse(readFileSync(new URL('../../api/model/codepipeline-2015-07-09.json', import.meta.url), 'utf8')) as {
  shapes: Record<string, { exception?: boolean }>;
};
const protocolErrors = ['SerializationException', 'UnknownOperationException', 'InternalFailure'];
/** The other JSON services on the endpoint (src/api/ssm, src/api/secrets-manager): their models' exceptions, all 400. */
const otherServiceErrors = [
  'ParameterNotFound',
  'ParameterAlreadyExists',
  'ParameterVersionNotFound',
  'HierarchyLevelLimitExceededException',
  'InvalidNextToken',
  'InvalidFilterKey',
  'UnsupportedParameterType',
  'ResourceExistsException',
  'InvalidRequestException',
  'InvalidParameterException',
];
/** AWS's common errors the guards at the door and the identity checks answer with, and their statuses
 * (AWS's Common Errors page): a missing, unknown or wrong signature is 403, an incomplete one 400. */
const commonErrors: Record<string, number> = {
  AccessDeniedException: 403,
  MalformedHttpRequestException: 400,
  RequestEntityTooLargeException: 413,
  RequestTimeoutException: 408,
  ThrottlingException: 400,
  InternalFailure: 500,
  MissingAuthenticationTokenException: 403,
  IncompleteSignatureException: 400,
  UnrecognizedClientException: 403,
  InvalidSignatureException: 403,
};

describe('error catalogue', () => {
  const modelExceptions = Object.entries(model.shapes)
    .filter(([, shape]) => shape.exception === true)
    .map(([name]) => name)
    .sort();
  const catalogued = Object.keys(errorCatalogue).sort();

  it('holds every exception shape of the service model', () => {
    expect(modelExceptions.length).toBeGreaterThan(40);
    expect(modelExceptions.filter((name) => !catalogued.includes(name))).toEqual([]);
  });

  it('holds nothing else but the errors of the JSON 1.1 protocol itself, of SSM and Secrets Manager, of the door and of authentication', () => {
    expect(catalogued.filter((name) => !modelExceptions.includes(name))).toEqual([...protocolErrors, ...otherServiceErrors, ...Object.keys(commonErrors)].filter((name, index, all) => all.indexOf(name) === index).sort());
  });

  it('answers every service exception with 400, and the common errors with their own statuses', () => {
    for (const [name, entry] of Object.entries(errorCatalogue)) {
      expect([name, entry.status]).toEqual([name, commonErrors[name] ?? 400]);
      expect(entry.meaning.length).toBeGreaterThan(10);
    }
  });
});
