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
/** AWS answers these before the service sees the call: a missing, unknown or wrong signature is 403. */
const authenticationErrors = ['MissingAuthenticationTokenException', 'IncompleteSignatureException', 'UnrecognizedClientException', 'InvalidSignatureException', 'AccessDeniedException'];
const forbidden = ['MissingAuthenticationTokenException', 'UnrecognizedClientException', 'InvalidSignatureException'];

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

  it('holds nothing else but the errors of the JSON 1.1 protocol itself and of authentication', () => {
    expect(catalogued.filter((name) => !modelExceptions.includes(name))).toEqual([...protocolErrors, ...authenticationErrors].sort());
  });

  it('answers every service exception with 400, unauthenticated calls with 403, and only our own fault with 500', () => {
    for (const [name, entry] of Object.entries(errorCatalogue)) {
      expect([name, entry.status]).toEqual([name, name === 'InternalFailure' ? 500 : forbidden.includes(name) ? 403 : 400]);
      expect(entry.meaning.length).toBeGreaterThan(10);
    }
  });
});
