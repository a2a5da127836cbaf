import { describe, expect, it } from 'vitest';
import { buildAction, MachineDriver, pipeline } from './test-kit/machine.js';

const stages = [
  { name: 'Build', actions: [buildAction('Compile', { output: 'Bin' })] },
  { name: 'Deploy', actions: [buildAction('Ship', { input: 'Bin' })] },
];

describe('decide: SUPERSEDED mode', () => {
  it('holds one execution in front of a locked stage and lets a newer one supersede it', () => {
    const machine = new MachineDriver(pipeline('sup', stages));
    const a = machine.start();
    machine.succeed(a, 'Source', 'Checkout');
    expect(machine.where(a)).toBe('in:Build');

    const b = machine.start();
    machine.succeed(b, 'Source', 'Checkout');
    expect(machine.where(b)).toBe('waiting:Build');

    const c = machine.start();
    machine.succeed(c, 'Source', 'Checkout');
    expect(machine.execution(b).status).toBe('Superseded');
    expect(machine.execution(b).statusSummary).toContain(c);
    expect(machine.where(c)).toBe('waiting:Build');

    machine.succeed(a, 'Build', 'Compile');
    expect(machine.where(a)).toBe('in:Deploy');
    expect(machine.where(c)).toBe('in:Build');
  });

  it('never supersedes an execution inside a stage', () => {
    const machine = new MachineDriver(pipeline('inside', stages));
    const a = machine.start();
    machine.succeed(a, 'Source', 'Checkout');
    const b = machine.start();
    machine.succeed(b, 'Source', 'Checkout');
    const c = machine.start();
    machine.succeed(c, 'Source', 'Checkout');
    expect(machine.execution(a).status).toBe('InProgress');
    expect(machine.where(a)).toBe('in:Build');
  });

  it('lets the next execution into a stage that failed, after which the failed one stays failed', () => {
    const machine = new MachineDriver(pipeline('failover', stages));
    const a = machine.start();
    machine.succeed(a, 'Source', 'Checkout');
    const b = machine.start();
    machine.succeed(b, 'Source', 'Checkout');
    machine.fail(a, 'Build', 'Compile');
    expect(machine.where(b)).toBe('in:Build');
    expect(machine.state.stageLatest.Build).toBe(b);
  });
});

describe('decide: QUEUED mode', () => {
  it('lets waiting executions through in arrival order, superseding none', () => {
    const machine = new MachineDriver(pipeline('queue', stages, { executionMode: 'QUEUED' }));
    const a = machine.start();
    machine.succeed(a, 'Source', 'Checkout');
    const b = machine.start();
    machine.succeed(b, 'Source', 'Checkout');
    const c = machine.start();
    machine.succeed(c, 'Source', 'Checkout');
    expect([machine.where(b), machine.where(c)]).toEqual(['waiting:Build', 'waiting:Build']);
    expect(machine.changes.some((change) => change.state === 'SUPERSEDED')).toBe(false);

    machine.succeed(a, 'Build', 'Compile');
    expect(machine.where(b)).toBe('in:Build');
    expect(machine.where(c)).toBe('waiting:Build');
    machine.succeed(b, 'Build', 'Compile');
    expect(machine.where(c)).toBe('in:Build');
  });

  it('queues in front of the first stage too', () => {
    const machine = new MachineDriver(pipeline('queue-source', stages, { executionMode: 'QUEUED' }));
    const a = machine.start();
    const b = machine.start();
    expect(machine.where(a)).toBe('in:Source');
    expect(machine.where(b)).toBe('waiting:Source');
    machine.succeed(a, 'Source', 'Checkout');
    expect(machine.where(b)).toBe('in:Source');
  });
});

describe('decide: PARALLEL mode', () => {
  it('runs executions independently, without locks', () => {
    const machine = new MachineDriver(pipeline('par', stages, { executionMode: 'PARALLEL' }));
    const a = machine.start();
    const b = machine.start();
    expect([machine.where(a), machine.where(b)]).toEqual(['in:Source', 'in:Source']);
    machine.succeed(a, 'Source', 'Checkout');
    machine.succeed(b, 'Source', 'Checkout');
    expect([machine.where(a), machine.where(b)]).toEqual(['in:Build', 'in:Build']);
    machine.succeed(b, 'Build', 'Compile');
    expect(machine.where(b)).toBe('in:Deploy');
  });

  it('keeps the definition an execution started with when the pipeline is updated', () => {
    const machine = new MachineDriver(pipeline('par-update', stages, { executionMode: 'PARALLEL' }));
    const a = machine.start();
    machine.succeed(a, 'Source', 'Checkout');
    const updated = pipeline('par-update', [{ name: 'Build', actions: [buildAction('Compile', { output: 'Bin' })] }], { executionMode: 'PARALLEL' });
    machine.apply({ type: 'PipelineUpdated', version: 2, declaration: updated });
    machine.succeed(a, 'Build', 'Compile');
    expect(machine.where(a)).toBe('in:Deploy');
    machine.succeed(a, 'Deploy', 'Ship');
    expect(machine.execution(a).status).toBe('Succeeded');
  });
});
