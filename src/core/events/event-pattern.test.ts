import { describe, expect, it } from 'vitest';
import { matchesPattern, patternProblem, type EventPattern } from './event-pattern.js';

const failedAction = {
  source: 'aws.codepipeline',
  'detail-type': 'CodePipeline Action Execution State Change',
  resources: ['arn:aws:codepipeline:us-east-1:123456789012:release'],
  detail: { pipeline: 'release', stage: 'Deploy', action: 'Ship', state: 'FAILED', version: 3, type: { provider: 'S3', category: 'Deploy' } },
};

describe('EventBridge event patterns', () => {
  it.each<[string, EventPattern, boolean]>([
    ['exact values', { source: ['aws.codepipeline'], 'detail-type': ['CodePipeline Action Execution State Change'] }, true],
    ['one of several', { detail: { state: ['SUCCEEDED', 'FAILED'] } }, true],
    ['a value that differs', { detail: { state: ['SUCCEEDED'] } }, false],
    ['nested fields', { detail: { type: { provider: ['S3'] } } }, true],
    ['an array field matches any element', { resources: ['arn:aws:codepipeline:us-east-1:123456789012:release'] }, true],
    ['prefix', { detail: { pipeline: [{ prefix: 'rel' }] } }, true],
    ['suffix', { detail: { pipeline: [{ suffix: 'ase' }] } }, true],
    ['anything-but', { detail: { state: [{ 'anything-but': ['SUCCEEDED', 'STARTED'] }] } }, true],
    ['anything-but the value itself', { detail: { state: [{ 'anything-but': 'FAILED' }] } }, false],
    ['exists true', { detail: { action: [{ exists: true }] } }, true],
    ['exists false on a present field', { detail: { action: [{ exists: false }] } }, false],
    ['exists false on an absent field', { detail: { reason: [{ exists: false }] } }, true],
    ['equals-ignore-case', { detail: { state: [{ 'equals-ignore-case': 'failed' }] } }, true],
    ['numeric range', { detail: { version: [{ numeric: ['>', 1, '<=', 3] }] } }, true],
    ['numeric outside', { detail: { version: [{ numeric: ['>', 3] }] } }, false],
    ['a field the event lacks', { detail: { reason: ['x'] } }, false],
  ])('%s', (_name, pattern, expected) => {
    expect(matchesPattern(pattern, failedAction)).toBe(expected);
  });

  it('refuses malformed patterns with the path at fault', () => {
    expect(patternProblem({ detail: { state: [] } })).toBe('eventPattern.detail.state must list at least one value.');
    expect(patternProblem({ detail: 'FAILED' })).toBe('eventPattern.detail must be an object of fields.');
    expect(patternProblem({ detail: { state: ['FAILED'] } })).toBeUndefined();
  });
});
