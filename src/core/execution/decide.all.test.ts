import { describe, expect, it } from 'vitest';
import { isPipewrightError } from '../errors/index.js';
import type { DecideContext } from './context.js';
import { decide, decideAll, type Outcome } from './decide.js';
import type { EngineEvent } from './events.js';
import type { PipelineState } from './state.js';
import { buildAction, MachineDriver, pipeline } from './test-kit/machine.js';

/** A context whose fresh ids start again from the same number, so two ways of deciding can be compared. */
function contextFrom(machine: MachineDriver): DecideContext {
  let ids = 1000;
  return { ...machine.context(), newId: () => `00000000-0000-4000-9000-${(ids++).toString().padStart(12, '0')}` };
}

function oneAtATime(state: PipelineState, events: readonly EngineEvent[], context: DecideContext): { next: PipelineState; outcomes: Outcome[] } {
  let next = state;
  const outcomes: Outcome[] = [];
  for (const event of events) {
    const decision = decide(next, event, context);
    next = decision.next;
    outcomes.push({ effects: decision.effects, changes: decision.changes, applied: decision.applied });
  }
  return { next, outcomes };
}

/** Five executions at several places, and events about all of them: results, a stale one, a start, a stop. */
function busyPipeline(mode: 'SUPERSEDED' | 'QUEUED' | 'PARALLEL'): { machine: MachineDriver; events: EngineEvent[] } {
  const machine = new MachineDriver(
    pipeline('together', [
      { name: 'Build', actions: [buildAction('Compile', { output: 'Bin' }), buildAction('Lint')] },
      { name: 'Deploy', actions: [buildAction('Ship', { input: 'Bin' })] },
    ], { executionMode: mode }),
  );
  const ids = Array.from({ length: 5 }, () => machine.start());
  for (const id of ids.slice(0, 3)) {
    if (machine.running(id, 'Source', 'Checkout') !== undefined) machine.succeed(id, 'Source', 'Checkout');
  }
  const running = ids.flatMap((id) =>
    Object.entries(machine.execution(id).stages).flatMap(([stageName, stage]) =>
      Object.entries(stage.actions)
        .filter(([, run]) => run.status === 'InProgress')
        .map(([actionName]) => machine.successOf(id, stageName, actionName)),
    ),
  );
  const stale = { ...running[0]!, actionExecutionId: 'not-the-run' };
  const events: EngineEvent[] = [
    ...running,
    stale,
    { type: 'StartExecution', executionId: 'started-in-the-batch', trigger: { triggerType: 'StartPipelineExecution' } },
    { type: 'StopExecution', executionId: ids[4]!, abandon: true },
  ];
  return { machine, events };
}

describe('decideAll: events decided together on one draft', () => {
  it.each(['SUPERSEDED', 'QUEUED', 'PARALLEL'] as const)('decides exactly as one at a time would (%s)', (mode) => {
    const { machine, events } = busyPipeline(mode);
    expect(events.length).toBeGreaterThan(5);
    const expected = oneAtATime(machine.state, events, contextFrom(machine));
    const together = decideAll(machine.state, events, contextFrom(machine));
    expect(together.outcomes).toEqual(expected.outcomes);
    expect(together.next).toEqual(expected.next);
    expect(together.outcomes.map((outcome) => outcome.applied)).toContain(false);
    // And deciding on from there still agrees (the positions index the batch left behind is right).
    const more: EngineEvent[] = [{ type: 'StartExecution', executionId: 'after', trigger: { triggerType: 'StartPipelineExecution' } }];
    expect(decideAll(together.next, more, contextFrom(machine)).next).toEqual(oneAtATime(expected.next, more, contextFrom(machine)).next);
  });

  it('refuses them all when one is refused, and the state stays as it was', () => {
    const { machine, events } = busyPipeline('PARALLEL');
    const before = machine.state;
    const refused: EngineEvent = { type: 'StopExecution', executionId: 'no-such-execution', abandon: false };
    let error: unknown;
    try {
      decideAll(before, [...events.slice(0, 3), refused, ...events.slice(3)], contextFrom(machine));
    } catch (thrown) {
      error = thrown;
    }
    expect(isPipewrightError(error)).toBe(true);
    expect(machine.state).toBe(before);
    // The same events without the refused one are decided as before.
    expect(decideAll(before, events, contextFrom(machine)).next).toEqual(oneAtATime(before, events, contextFrom(machine)).next);
  });
});
