import { describe, expect, it } from 'vitest';
import { buildAction, MachineDriver, pipeline } from './test-kit/machine.js';

const stages = [
  { name: 'Build', actions: [buildAction('Compile', { output: 'Bin' }), buildAction('Lint'), buildAction('Package', { runOrder: 2 })] },
  { name: 'Deploy', actions: [buildAction('Ship', { input: 'Bin' })] },
];

function inBuild(): { machine: MachineDriver; id: string } {
  const machine = new MachineDriver(pipeline('stop', stages));
  const id = machine.start();
  machine.succeed(id, 'Source', 'Checkout');
  return { machine, id };
}

describe('decide: stop and wait', () => {
  it('lets running actions finish, starts nothing new, then stops', () => {
    const { machine, id } = inBuild();
    machine.apply({ type: 'StopExecution', executionId: id, abandon: false, reason: 'hotfix first' });
    expect(machine.execution(id).status).toBe('Stopping');
    expect(machine.execution(id).stages.Build?.status).toBe('Stopping');
    machine.succeed(id, 'Build', 'Compile');
    expect(machine.execution(id).status).toBe('Stopping');
    machine.succeed(id, 'Build', 'Lint');
    const execution = machine.execution(id);
    expect(execution.status).toBe('Stopped');
    expect(execution.statusSummary).toContain('hotfix first');
    expect(execution.stages.Build?.status).toBe('Stopped');
    expect(execution.stages.Build?.actions.Package).toBeUndefined();
    expect(execution.stages.Deploy).toBeUndefined();
  });

  it('refuses the same stop twice, but accepts abandon after wait', () => {
    const { machine, id } = inBuild();
    machine.apply({ type: 'StopExecution', executionId: id, abandon: false });
    expect(() => machine.apply({ type: 'StopExecution', executionId: id, abandon: false })).toThrow(
      expect.objectContaining({ code: 'DuplicatedStopRequestException' }),
    );
    machine.apply({ type: 'StopExecution', executionId: id, abandon: true });
    expect(machine.execution(id).status).toBe('Stopped');
    expect(() => machine.apply({ type: 'StopExecution', executionId: id, abandon: true })).toThrow(
      expect.objectContaining({ code: 'PipelineExecutionNotStoppableException' }),
    );
  });
});

describe('decide: stop and abandon', () => {
  it('abandons running actions at once, cancels their work and unlocks the stage', () => {
    const { machine, id } = inBuild();
    const next = machine.start();
    machine.succeed(next, 'Source', 'Checkout');
    expect(machine.where(next)).toBe('waiting:Build');
    const compile = machine.running(id, 'Build', 'Compile')!.actionExecutionId;
    machine.effects.length = 0;
    machine.apply({ type: 'StopExecution', executionId: id, abandon: true });
    const execution = machine.execution(id);
    expect(execution.status).toBe('Stopped');
    expect(execution.stages.Build?.actions.Compile?.status).toBe('Abandoned');
    expect(machine.effects).toContainEqual({ type: 'CancelAction', actionExecutionId: compile, reason: 'abandoned' });
    expect(machine.where(next)).toBe('in:Build');
  });

  it('stops an inbound execution at once', () => {
    const { machine, id } = inBuild();
    const waiting = machine.start();
    machine.succeed(waiting, 'Source', 'Checkout');
    machine.apply({ type: 'StopExecution', executionId: waiting, abandon: false });
    expect(machine.execution(waiting).status).toBe('Stopped');
    expect(machine.where(id)).toBe('in:Build');
  });
});
