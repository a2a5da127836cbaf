import type { PipelineUpdated } from './events.js';
import { moveTo, type Step } from './step.js';

/**
 * A new version of the declaration. Executions running in a stage finish that stage on the old
 * definition and are then Cancelled (stage-progress.ts); executions waiting in front of a stage are
 * Cancelled at once (rule 13, rules.md). PARALLEL executions keep the definition they started with to
 * the end (rule 5).
 */
export function pipelineUpdated(step: Step, event: PipelineUpdated): void {
  const { state, context, declarations } = step;
  if (event.version <= declarations.current.version) return;
  const older = { ...declarations.older, [declarations.current.version]: declarations.current.declaration };
  const current = { version: event.version, declaration: event.declaration };
  state.olderDeclarations = older;
  state.current = current;
  declarations.older = older;
  declarations.current = current;
  // Rollback targets must have succeeded on the current version: none has yet.
  state.stageLastSucceeded = {};
  for (const id of step.positions.waitingIds()) {
    const execution = state.executions[id];
    if (execution === undefined || execution.mode === 'PARALLEL' || execution.position.kind !== 'waiting') continue;
    execution.status = 'Cancelled';
    execution.statusSummary = `The pipeline was updated to version ${event.version} while this execution waited to enter stage ${execution.position.stageName}.`;
    moveTo(step, execution, { kind: 'done' });
    step.changes.push({ entity: 'pipeline', executionId: execution.id, state: 'CANCELED', at: context.now });
  }
}
