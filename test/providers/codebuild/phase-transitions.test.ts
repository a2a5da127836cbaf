import { describe, expect, it } from 'vitest';
import type { BuildPhase, OnFailure } from '../../../src/providers/codebuild/buildspec/types.js';
import { afterPhase, phaseStatus, type AfterPhase, type PhaseStatus } from '../../../src/providers/codebuild/phases/phase-transitions.js';

describe('afterPhase', () => {
  const table: Array<[BuildPhase, PhaseStatus, OnFailure | undefined, AfterPhase]> = [
    ['INSTALL', 'SUCCEEDED', undefined, 'PRE_BUILD'],
    ['PRE_BUILD', 'SUCCEEDED', undefined, 'BUILD'],
    ['BUILD', 'SUCCEEDED', undefined, 'POST_BUILD'],
    ['POST_BUILD', 'SUCCEEDED', undefined, 'UPLOAD_ARTIFACTS'],
    // Default failure transitions.
    ['INSTALL', 'FAILED', undefined, 'FINALIZING'],
    ['PRE_BUILD', 'FAILED', undefined, 'FINALIZING'],
    ['BUILD', 'FAILED', undefined, 'POST_BUILD'],
    ['POST_BUILD', 'FAILED', undefined, 'UPLOAD_ARTIFACTS'],
    // on-failure: ABORT ends the build at once, whatever the phase.
    ['INSTALL', 'FAILED', 'ABORT', 'FINALIZING'],
    ['BUILD', 'FAILED', 'ABORT', 'FINALIZING'],
    ['POST_BUILD', 'FAILED', 'ABORT', 'FINALIZING'],
    // on-failure: CONTINUE goes on as after a success.
    ['INSTALL', 'FAILED', 'CONTINUE', 'PRE_BUILD'],
    ['PRE_BUILD', 'FAILED', 'CONTINUE', 'BUILD'],
    ['BUILD', 'FAILED', 'CONTINUE', 'POST_BUILD'],
    ['POST_BUILD', 'FAILED', 'CONTINUE', 'UPLOAD_ARTIFACTS'],
    // on-failure says nothing about a phase that succeeded.
    ['INSTALL', 'SUCCEEDED', 'ABORT', 'PRE_BUILD'],
  ];
  it.each(table)('%s %s (on-failure %s) → %s', (phase, status, onFailure, next) => {
    expect(afterPhase(phase, status, onFailure)).toBe(next);
  });
});

describe('phaseStatus', () => {
  it.each([
    [false, false, 'SUCCEEDED'],
    [true, false, 'FAILED'],
    [false, true, 'FAILED'],
    [true, true, 'FAILED'],
  ] as const)('commands failed %s, finally failed %s → %s', (commandsFailed, finallyFailed, status) => {
    expect(phaseStatus(commandsFailed, finallyFailed)).toBe(status);
  });
});
