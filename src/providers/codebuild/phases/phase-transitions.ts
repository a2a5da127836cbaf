import type { BuildPhase, OnFailure } from '../buildspec/types.js';

/**
 * CodeBuild's phase transitions, as pure functions (the table is in phase-transitions.test.ts).
 *
 *   INSTALL → PRE_BUILD → BUILD → POST_BUILD → UPLOAD_ARTIFACTS → FINALIZING
 *
 * - A phase runs its `commands`; the first that fails skips the rest of them; `finally` runs either way
 *   and stops at its own first failure. The phase fails if any command of either block failed.
 * - Without `on-failure`, a failed INSTALL or PRE_BUILD ends the build (FINALIZING: nothing else
 *   runs, nothing is uploaded); a failed BUILD still runs POST_BUILD; a failed POST_BUILD still
 *   uploads: UPLOAD_ARTIFACTS is attempted whenever BUILD was reached.
 * - `on-failure: ABORT` ends the build at once; `on-failure: CONTINUE` goes on to the next phase as if
 *   the phase had succeeded. Either way the build has failed.
 */
export type PhaseStatus = 'SUCCEEDED' | 'FAILED';
export type AfterPhase = BuildPhase | 'UPLOAD_ARTIFACTS' | 'FINALIZING';

const successor: Record<BuildPhase, AfterPhase> = {
  INSTALL: 'PRE_BUILD',
  PRE_BUILD: 'BUILD',
  BUILD: 'POST_BUILD',
  POST_BUILD: 'UPLOAD_ARTIFACTS',
};

const afterDefaultFailure: Record<BuildPhase, AfterPhase> = {
  INSTALL: 'FINALIZING',
  PRE_BUILD: 'FINALIZING',
  BUILD: 'POST_BUILD',
  POST_BUILD: 'UPLOAD_ARTIFACTS',
};

export function afterPhase(phase: BuildPhase, status: PhaseStatus, onFailure?: OnFailure): AfterPhase {
  if (status === 'SUCCEEDED') return successor[phase];
  if (onFailure === 'ABORT') return 'FINALIZING';
  if (onFailure === 'CONTINUE') return successor[phase];
  return afterDefaultFailure[phase];
}

/** A phase's status from its two blocks: `finally` runs whether `commands` failed or not. */
export function phaseStatus(commandsFailed: boolean, finallyFailed: boolean): PhaseStatus {
  return commandsFailed || finallyFailed ? 'FAILED' : 'SUCCEEDED';
}
