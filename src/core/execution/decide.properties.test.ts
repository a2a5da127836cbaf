import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExecutionMode } from '../declaration/types.js';
import { isPipewrightError } from '../errors/index.js';
import { activeExecutions, inboundExecutions, lockHolder } from './locks.js';
import { isActive } from './statuses.js';
import { buildAction, MachineDriver, pipeline } from './test-kit/machine.js';
import type { PipelineState } from './state.js';

/**
 * Properties of the machine under any sequence of events: generated histories of starts, results,
 * stops, retries, transition changes and passing time, checked after every step and after draining.
 */
const stageNames = ['Source', 'Build', 'Deploy'] as const;

function declaration(mode: ExecutionMode) {
  return pipeline(
    `prop-${mode}`,
    [
      { name: 'Build', actions: [buildAction('Compile', { output: 'Bin' }), buildAction('Lint'), buildAction('Package', { runOrder: 2 })] },
      { name: 'Deploy', actions: [buildAction('Ship', { input: 'Bin' })] },
    ],
    { executionMode: mode },
  );
}

type Op =
  | { kind: 'start' }
  | { kind: 'succeed'; pick: number }
  | { kind: 'fail'; pick: number }
  | { kind: 'stop'; pick: number; abandon: boolean }
  | { kind: 'retry'; pick: number; all: boolean }
  | { kind: 'transition'; stage: number; inbound: boolean; enabled: boolean }
  | { kind: 'time'; minutes: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'start' } as const) },
  { weight: 6, arbitrary: fc.nat(20).map((pick) => ({ kind: 'succeed', pick }) as const) },
  { weight: 2, arbitrary: fc.nat(20).map((pick) => ({ kind: 'fail', pick }) as const) },
  { weight: 1, arbitrary: fc.record({ pick: fc.nat(20), abandon: fc.boolean() }).map((o) => ({ kind: 'stop', ...o }) as const) },
  { weight: 1, arbitrary: fc.record({ pick: fc.nat(20), all: fc.boolean() }).map((o) => ({ kind: 'retry', ...o }) as const) },
  {
    weight: 1,
    arbitrary: fc.record({ stage: fc.nat(2), inbound: fc.boolean(), enabled: fc.boolean() }).map((o) => ({ kind: 'transition', ...o }) as const),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 600 }).map((minutes) => ({ kind: 'time', minutes }) as const) },
);

function runningActions(state: PipelineState): { executionId: string; stageName: string; actionName: string }[] {
  const runs: { executionId: string; stageName: string; actionName: string }[] = [];
  for (const execution of activeExecutions(state)) {
    for (const [stageName, stage] of Object.entries(execution.stages)) {
      for (const [actionName, run] of Object.entries(stage.actions)) {
        if (run.status === 'InProgress') runs.push({ executionId: execution.id, stageName, actionName });
      }
    }
  }
  return runs.sort((a, b) => `${a.executionId}${a.stageName}${a.actionName}`.localeCompare(`${b.executionId}${b.stageName}${b.actionName}`));
}

function perform(machine: MachineDriver, step: Op): void {
  const ids = Object.keys(machine.state.executions).sort();
  const running = runningActions(machine.state);
  try {
    switch (step.kind) {
      case 'start':
        machine.start();
        return;
      case 'succeed':
      case 'fail': {
        const run = running[step.pick % Math.max(running.length, 1)];
        if (run === undefined) return;
        if (step.kind === 'succeed') machine.succeed(run.executionId, run.stageName, run.actionName);
        else machine.fail(run.executionId, run.stageName, run.actionName);
        return;
      }
      case 'stop': {
        const id = ids[step.pick % Math.max(ids.length, 1)];
        if (id !== undefined) machine.apply({ type: 'StopExecution', executionId: id, abandon: step.abandon });
        return;
      }
      case 'retry': {
        const stageName = stageNames[step.pick % stageNames.length]!;
        const id = machine.state.stageLatest[stageName];
        if (id !== undefined) machine.apply({ type: 'RetryStage', executionId: id, stageName, retryMode: step.all ? 'ALL_ACTIONS' : 'FAILED_ACTIONS' });
        return;
      }
      case 'transition':
        machine.apply({
          type: 'SetTransition',
          stageName: stageNames[step.stage]!,
          transitionType: step.inbound ? 'Inbound' : 'Outbound',
          enabled: step.enabled,
          reason: 'property',
          by: 'tester',
        });
        return;
      case 'time':
        machine.now += step.minutes * 60_000;
        machine.apply({ type: 'Tick' });
        return;
    }
  } catch (error) {
    // Commands may be refused (a duplicate stop, a retry of a stage that did not fail…): that is fine,
    // as long as the refusal is a CodePipeline exception and changes nothing.
    if (!isPipewrightError(error)) throw error;
  }
}

function checkInvariants(machine: MachineDriver, mode: ExecutionMode, before: PipelineState): void {
  const state = machine.state;
  for (const stageName of stageNames) {
    const inside = activeExecutions(state).filter((e) => e.position.kind === 'in-stage' && e.position.stageName === stageName);
    if (mode !== 'PARALLEL') {
      expect(inside.length, `one execution at a time in ${stageName}`).toBeLessThanOrEqual(1);
      expect(lockHolder(state, stageName)?.id).toBe(inside[0]?.id);
    }
    if (mode === 'SUPERSEDED') expect(inboundExecutions(state, stageName).length, `one inbound execution at ${stageName}`).toBeLessThanOrEqual(1);
  }
  for (const execution of Object.values(state.executions)) {
    expect(isActive(execution.status) === (execution.position.kind !== 'done'), `position of ${execution.id} matches ${execution.status}`).toBe(true);
  }
  // Superseding happens only between stages: whoever was superseded was waiting before this step.
  for (const change of machine.changes.splice(0)) {
    if (change.entity === 'pipeline' && change.state === 'SUPERSEDED') {
      expect(mode).toBe('SUPERSEDED');
      // Superseded between stages: no stage of it was cut short, and it was not inside a stage before.
      const superseded = machine.execution(change.executionId);
      for (const stage of Object.values(superseded.stages)) expect(['InProgress', 'Stopping']).not.toContain(stage.status);
      const previous = before.executions[change.executionId]?.position;
      if (previous?.kind === 'in-stage') expect(superseded.stages[previous.stageName]?.status).toBe('Succeeded');
    }
    if (change.entity === 'stage' && change.state === 'STARTED') entries.push({ stageName: change.stageName, executionId: change.executionId });
  }
}

let entries: { stageName: string; executionId: string }[] = [];

function drain(machine: MachineDriver): void {
  for (const stageName of stageNames) {
    for (const transitionType of ['Inbound', 'Outbound'] as const) {
      machine.apply({ type: 'SetTransition', stageName, transitionType, enabled: true, by: 'drain' });
    }
  }
  for (let round = 0; round < 500 && activeExecutions(machine.state).length > 0; round += 1) {
    const run = runningActions(machine.state)[0];
    if (run === undefined) throw new Error('active executions with nothing running and nothing to wait for');
    machine.succeed(run.executionId, run.stageName, run.actionName);
  }
}

describe.each(['SUPERSEDED', 'QUEUED', 'PARALLEL'] as const)('decide properties in %s mode', (mode) => {
  it('keeps stage locks, supersedes only between stages, queues in order, and always ends', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), (ops) => {
        const machine = new MachineDriver(declaration(mode));
        entries = [];
        const retried = new Set<string>();
        for (const step of ops) {
          const before = machine.state;
          if (step.kind === 'retry') for (const id of Object.values(before.stageLatest)) retried.add(id);
          perform(machine, step);
          checkInvariants(machine, mode, before);
        }
        drain(machine);
        checkInvariants(machine, mode, machine.state);
        // Every execution ends in a final state.
        expect(activeExecutions(machine.state)).toEqual([]);
        for (const execution of machine.stored.values()) {
          expect(['Succeeded', 'Failed', 'Stopped', 'Superseded', 'Cancelled']).toContain(execution.status);
        }
        if (mode === 'QUEUED') {
          // Executions never overtake each other: each stage is entered in start order (retries aside).
          for (const stageName of stageNames) {
            const order = entries
              .filter((entry) => entry.stageName === stageName && !retried.has(entry.executionId))
              .map((entry) => machine.execution(entry.executionId).startSequence);
            expect(order).toEqual([...order].sort((a, b) => a - b));
          }
          expect([...machine.stored.values()].some((execution) => execution.status === 'Superseded')).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});
