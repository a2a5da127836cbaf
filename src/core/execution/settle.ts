import { enter, mayEnter } from './stage-entry.js';
import { progressInStage } from './stage-progress.js';
import type { DraftExecution, Step } from './step.js';

/**
 * After any event, moves executions as far as the rules allow: waiting executions enter free stages,
 * stages run their next runOrder group, finished stages hand over to the next. Only executions that
 * could move are looked at — those the decision touched and those waiting in front of a stage — oldest
 * first, until a full pass moves nothing (a fixed point), so that an execution freed by another's move
 * moves in the same decision.
 */
export function settle(step: Step): void {
  const limit = 100_000;
  let moves = 0;
  for (;;) {
    const candidates = new Set(step.touched);
    for (const id of step.positions.waitingIds()) candidates.add(id);
    const ordered = Array.from(candidates).sort((a, b) => step.positions.startSequenceOf(a) - step.positions.startSequenceOf(b));
    let moved = false;
    for (const id of ordered) {
      if (step.positions.startSequenceOf(id) === Number.POSITIVE_INFINITY) continue;
      const execution = step.state.executions[id];
      if (execution === undefined) continue;
      while (moveOne(step, execution)) {
        moved = true;
        moves += 1;
        if (moves > limit) throw new Error(`settle did not reach a fixed point for pipeline ${step.state.pipelineName}`);
      }
    }
    if (!moved) return;
  }
}

function moveOne(step: Step, execution: DraftExecution): boolean {
  if (execution.position.kind === 'waiting' && mayEnter(step, execution)) {
    enter(step, execution);
    return true;
  }
  return execution.position.kind === 'in-stage' && progressInStage(step, execution);
}
