import { describe, expect, it } from 'vitest';
import { buildAction, MachineDriver, pipeline } from './test-kit/machine.js';

const stages = [
  { name: 'Build', actions: [buildAction('Compile', { output: 'Bin' })] },
  { name: 'Deploy', actions: [buildAction('Ship', { input: 'Bin' })] },
];

describe('decide: stage transitions', () => {
  it('holds executions at a disabled inbound transition, supersedes there, and lets the newest in when enabled', () => {
    const machine = new MachineDriver(pipeline('held', stages));
    machine.apply({ type: 'SetTransition', stageName: 'Deploy', transitionType: 'Inbound', enabled: false, reason: 'freeze', by: 'arn:user/ops' });
    expect(machine.state.transitions.Deploy?.inbound).toMatchObject({ enabled: false, disabledReason: 'freeze', lastChangedBy: 'arn:user/ops' });

    const a = machine.start();
    machine.succeed(a, 'Source', 'Checkout');
    machine.succeed(a, 'Build', 'Compile');
    expect(machine.where(a)).toBe('waiting:Deploy');
    const b = machine.start();
    machine.succeed(b, 'Source', 'Checkout');
    machine.succeed(b, 'Build', 'Compile');
    expect(machine.execution(a).status).toBe('Superseded');

    machine.apply({ type: 'SetTransition', stageName: 'Deploy', transitionType: 'Inbound', enabled: true, by: 'arn:user/ops' });
    expect(machine.where(b)).toBe('in:Deploy');
    expect(machine.state.transitions.Deploy?.inbound.disabledReason).toBeUndefined();
  });

  it('treats a disabled outbound transition as a gate after the stage', () => {
    const machine = new MachineDriver(pipeline('outbound', stages));
    machine.apply({ type: 'SetTransition', stageName: 'Build', transitionType: 'Outbound', enabled: false, reason: 'check', by: 'me' });
    const a = machine.start();
    machine.succeed(a, 'Source', 'Checkout');
    machine.succeed(a, 'Build', 'Compile');
    expect(machine.where(a)).toBe('waiting:Deploy');
    const b = machine.start();
    machine.succeed(b, 'Source', 'Checkout');
    expect(machine.where(b)).toBe('in:Build');
  });

  it('refuses a transition of a stage that does not exist', () => {
    const machine = new MachineDriver(pipeline('missing', stages));
    expect(() => machine.apply({ type: 'SetTransition', stageName: 'Prod', transitionType: 'Inbound', enabled: false, by: 'me' })).toThrow(
      expect.objectContaining({ code: 'StageNotFoundException' }),
    );
  });
});
