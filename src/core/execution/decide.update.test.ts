import { describe, expect, it } from 'vitest';
import { buildAction, MachineDriver, pipeline } from './test-kit/machine.js';

const stages = [
  { name: 'Build', actions: [buildAction('Compile', { output: 'Bin' })] },
  { name: 'Deploy', actions: [buildAction('Ship', { input: 'Bin' })] },
];

describe('decide: UpdatePipeline while executions run', () => {
  it('lets an execution finish its current stage on the old definition, then cancels it', () => {
    const machine = new MachineDriver(pipeline('update', stages));
    const running = machine.start();
    machine.succeed(running, 'Source', 'Checkout');
    const waiting = machine.start();
    machine.succeed(waiting, 'Source', 'Checkout');
    expect(machine.where(waiting)).toBe('waiting:Build');

    machine.apply({ type: 'PipelineUpdated', version: 2, declaration: pipeline('update', stages) });
    expect(machine.execution(waiting).status).toBe('Cancelled');
    expect(machine.execution(running).status).toBe('InProgress');
    machine.succeed(running, 'Build', 'Compile');
    expect(machine.execution(running).stages.Build?.status).toBe('Succeeded');
    expect(machine.execution(running).status).toBe('Cancelled');
    expect(machine.changes).toContainEqual(expect.objectContaining({ entity: 'pipeline', executionId: running, state: 'CANCELED' }));

    const fresh = machine.start();
    expect(machine.execution(fresh).pipelineVersion).toBe(2);
  });
});
