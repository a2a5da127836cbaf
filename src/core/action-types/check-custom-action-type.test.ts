import { describe, expect, it } from 'vitest';
import { PipewrightError } from '../errors/index.js';
import { checkCustomActionTypeDefinition, sameDefinition, type CustomActionTypeDefinition } from './check-custom-action-type.js';
import type { ActionConfigurationPropertySpec } from './types.js';

const property = (name: string, flags: Partial<ActionConfigurationPropertySpec> = {}): ActionConfigurationPropertySpec => ({
  name,
  required: true,
  key: true,
  secret: false,
  ...flags,
});

function definition(extra: Partial<CustomActionTypeDefinition> = {}): CustomActionTypeDefinition {
  return {
    settings: { entityUrlTemplate: 'https://ci.example/job/{Config:Project}', executionUrlTemplate: 'https://ci.example/job/{Config:Project}/{ExternalExecutionId}' },
    configurationProperties: [property('Project', { queryable: true }), property('Token', { required: false, secret: true })],
    inputArtifacts: { minimumCount: 0, maximumCount: 5 },
    outputArtifacts: { minimumCount: 0, maximumCount: 1 },
    ...extra,
  };
}

function refusal(candidate: CustomActionTypeDefinition): PipewrightError {
  try {
    checkCustomActionTypeDefinition(candidate);
  } catch (error) {
    if (error instanceof PipewrightError) return error;
    throw error;
  }
  throw new Error('expected the definition to be refused');
}

describe('custom action type definitions', () => {
  it('accepts a queryable required property and URL templates that reference it', () => {
    expect(() => checkCustomActionTypeDefinition(definition())).not.toThrow();
  });

  it.each([
    ['eleven properties', definition({ configurationProperties: Array.from({ length: 11 }, (_, index) => property(`P${index}`)) }), /at most 10 configuration properties; this one declares 11/],
    ['a repeated property name', definition({ configurationProperties: [property('A'), property('A')] }), /configuration property A is declared more than once/],
    ['two queryable properties', definition({ configurationProperties: [property('A', { queryable: true }), property('B', { queryable: true })] }), /Only one configuration property can be queryable; A and B are/],
    ['an optional queryable property', definition({ configurationProperties: [property('A', { queryable: true, required: false })], settings: {} }), /queryable configuration property A must be required and not secret/],
    ['a secret queryable property', definition({ configurationProperties: [property('A', { queryable: true, secret: true })], settings: {} }), /must be required and not secret/],
    ['a minimum above the maximum', definition({ outputArtifacts: { minimumCount: 2, maximumCount: 1 } }), /output artifact details have minimumCount 2 above maximumCount 1/],
    ['a template naming an unknown property', definition({ settings: { revisionUrlTemplate: 'https://x/{Config:Nope}' } }), /revisionUrlTemplate references \{Config:Nope\}/],
    ['a template naming a secret property', definition({ settings: { entityUrlTemplate: 'https://x/{Config:Token}' } }), /entityUrlTemplate references \{Config:Token\}, which is not a required, non-secret/],
  ])('refuses %s with ValidationException', (_name, candidate, message) => {
    const error = refusal(candidate);
    expect(error.code).toBe('ValidationException');
    expect(error.message).toMatch(message);
  });

  it('compares definitions field by field, reading a missing queryable as false', () => {
    const base = definition();
    expect(sameDefinition(base, definition())).toBe(true);
    expect(sameDefinition(definition({ configurationProperties: [property('A')] }), definition({ configurationProperties: [property('A', { queryable: false })] }))).toBe(true);
    expect(sameDefinition(base, definition({ inputArtifacts: { minimumCount: 1, maximumCount: 5 } }))).toBe(false);
    expect(sameDefinition(base, definition({ settings: {} }))).toBe(false);
    expect(sameDefinition(base, definition({ configurationProperties: [property('Project', { queryable: true, description: 'x' }), property('Token', { required: false, secret: true })] }))).toBe(false);
  });
});
