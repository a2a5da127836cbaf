import { activeExecutions } from './locks.js';
import { enter, mayEnter } from './stage-entry.js';
import { progressInStage } from './stage-progress.js';
import type { DraftExecution, Step } from './step.js';

/**
 * After any event, moves every execution as far as the rules allow: waiting executions enter free
 * stages, stages run their next runOrder group, finished stages hand over to the next. Runs to a fixed
 * point, oldest execution first, so that an execution freed by another's move moves in the same decision.
 */
export function settle(step: Step): void {
  const limit = 100_000;
  for (let moves = 0; moves < limit; moves += 1) {
    if (!moveOne(step)) return;
  }
  throw new Error(`settle did not reach a fixed point for pipeline ${step.state.pipelineName}`);
}

function moveOne(step: Step): boolean {
  const executions = activeExecutions(step.state).sort((a, b) => a.startSequence - b.startSequence) as DraftExecution[];
  for (const execution of executions) {
    if (execution.position.kind === 'waiting' && mayEnter(step, execution)) {
      enter(step, execution);
      return true;
    }
    if (execution.position.kind === 'in-stage' && progressInStage(step, execution)) return true;
  }
  return false;
}
