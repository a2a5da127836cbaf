import { describe, expect, it } from 'vitest';
import { buildAction, MachineDriver, pipeline } from './test-kit/machine.js';

const threeStages = pipeline('app', [
  { name: 'Build', actions: [buildAction('Compile', { output: 'Bin' })] },
  { name: 'Deploy', actions: [buildAction('Ship', { input: 'Bin' })] },
]);

describe('decide: an execution runs stage after stage', () => {
  it('starts in the first stage and asks for the source action', () => {
    const machine = new MachineDriver(threeStages);
    const id = machine.start();
    expect(machine.execution(id).status).toBe('InProgress');
    expect(machine.where(id)).toBe('in:Source');
    expect(machine.effects).toEqual([expect.objectContaining({ type: 'RunAction', executionId: id, stageName: 'Source', actionName: 'Checkout' })]);
    expect(machine.state.stageLatest).toEqual({ Source: id });
  });

  it('moves through every stage to Succeeded, passing artifacts along', () => {
    const machine = new MachineDriver(threeStages);
    const id = machine.start();
    machine.succeed(id, 'Source', 'Checkout');
    expect(machine.where(id)).toBe('in:Build');
    machine.succeed(id, 'Build', 'Compile');
    expect(machine.where(id)).toBe('in:Deploy');
    expect(Object.keys(machine.execution(id).artifacts)).toEqual(['Src', 'Bin']);
    machine.succeed(id, 'Deploy', 'Ship');
    const execution = machine.execution(id);
    expect(execution.status).toBe('Succeeded');
    expect(Object.values(execution.stages).map((stage) => stage.status)).toEqual(['Succeeded', 'Succeeded', 'Succeeded']);
    expect(machine.changes.filter((change) => change.entity === 'pipeline').map((change) => change.state)).toEqual(['STARTED', 'SUCCEEDED']);
  });

  it('runs actions of one runOrder together and the next group after them', () => {
    const machine = new MachineDriver(
      pipeline('groups', [
        {
          name: 'Test',
          actions: [buildAction('Unit', { runOrder: 1 }), buildAction('Lint', { runOrder: 1 }), buildAction('Package', { runOrder: 2 })],
        },
      ]),
    );
    const id = machine.start();
    machine.succeed(id, 'Source', 'Checkout');
    expect(machine.running(id, 'Test', 'Unit')).toBeDefined();
    expect(machine.running(id, 'Test', 'Lint')).toBeDefined();
    expect(machine.running(id, 'Test', 'Package')).toBeUndefined();
    machine.succeed(id, 'Test', 'Unit');
    expect(machine.running(id, 'Test', 'Package')).toBeUndefined();
    machine.succeed(id, 'Test', 'Lint');
    expect(machine.running(id, 'Test', 'Package')).toBeDefined();
  });

  it('fails the stage only once its runOrder group has settled', () => {
    const machine = new MachineDriver(
      pipeline('settle', [{ name: 'Test', actions: [buildAction('Unit'), buildAction('Slow'), buildAction('Later', { runOrder: 2 })] }]),
    );
    const id = machine.start();
    machine.succeed(id, 'Source', 'Checkout');
    machine.fail(id, 'Test', 'Unit');
    expect(machine.execution(id).stages.Test?.status).toBe('InProgress');
    expect(machine.execution(id).status).toBe('InProgress');
    machine.succeed(id, 'Test', 'Slow');
    const execution = machine.execution(id);
    expect(execution.stages.Test?.status).toBe('Failed');
    expect(execution.status).toBe('Failed');
    expect(execution.statusSummary).toContain('Unit');
    expect(execution.stages.Test?.actions.Later).toBeUndefined();
  });

  it('ignores a stale report for a run that is no longer in progress', () => {
    const machine = new MachineDriver(threeStages);
    const id = machine.start();
    const run = machine.running(id, 'Source', 'Checkout')!;
    machine.succeed(id, 'Source', 'Checkout');
    const stale = machine.apply({ type: 'ActionFailed', executionId: id, stageName: 'Source', actionName: 'Checkout', actionExecutionId: run.actionExecutionId, failureType: 'JobFailed', message: 'late' });
    expect(stale.applied).toBe(false);
    expect(machine.execution(id).stages.Source?.status).toBe('Succeeded');
  });

  it('fails an action that finishes without its declared output artifact', () => {
    const machine = new MachineDriver(threeStages);
    const id = machine.start();
    machine.succeed(id, 'Source', 'Checkout', { outputArtifacts: {} });
    expect(machine.execution(id).stages.Source?.actions.Checkout?.errorDetails?.message).toContain('Src');
    expect(machine.execution(id).status).toBe('Failed');
  });

  it('refuses a start beyond the concurrency limit', () => {
    const machine = new MachineDriver(pipeline('limit', [{ name: 'Build', actions: [buildAction('B')] }], { executionMode: 'PARALLEL' }));
    machine.maxConcurrentExecutions = 2;
    machine.start();
    machine.start();
    expect(() => machine.start()).toThrow(expect.objectContaining({ code: 'ConcurrentPipelineExecutionsLimitExceededException' }));
  });
});
