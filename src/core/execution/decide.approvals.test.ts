import { describe, expect, it } from 'vitest';
import { approvalAction, buildAction, MachineDriver, pipeline } from './test-kit/machine.js';

const stages = [
  { name: 'Build', actions: [buildAction('Compile', { output: 'Bin' })] },
  { name: 'Approve', actions: [approvalAction('Review', { timeoutInMinutes: 30 })] },
  { name: 'Deploy', actions: [buildAction('Ship', { input: 'Bin' })] },
];

function waitingForApproval(): { machine: MachineDriver; id: string; token: string } {
  const machine = new MachineDriver(pipeline('approve', stages));
  const id = machine.start();
  machine.succeed(id, 'Source', 'Checkout');
  machine.succeed(id, 'Build', 'Compile');
  const token = machine.execution(id).stages.Approve?.actions.Review?.token;
  if (token === undefined) throw new Error('no token');
  return { machine, id, token };
}

describe('decide: manual approvals', () => {
  it('waits with a token and asks for a notification, running no job', () => {
    const { machine, id, token } = waitingForApproval();
    expect(machine.effects).toContainEqual(expect.objectContaining({ type: 'ApprovalRequested', executionId: id, token }));
    expect(machine.effects.filter((effect) => effect.type === 'RunAction' && effect.stageName === 'Approve')).toEqual([]);
  });

  it('continues when approved, recording who and the summary', () => {
    const { machine, id, token } = waitingForApproval();
    machine.apply({ type: 'AnswerApproval', stageName: 'Approve', actionName: 'Review', token, status: 'Approved', summary: 'ship it', by: 'arn:user/lead' });
    const review = machine.execution(id).stages.Approve?.actions.Review;
    expect(review).toMatchObject({ status: 'Succeeded', summary: 'ship it', updatedBy: 'arn:user/lead' });
    expect(machine.where(id)).toBe('in:Deploy');
  });

  it('fails the stage when rejected, and refuses a second answer', () => {
    const { machine, id, token } = waitingForApproval();
    machine.apply({ type: 'AnswerApproval', stageName: 'Approve', actionName: 'Review', token, status: 'Rejected', summary: 'no', by: 'arn:user/lead' });
    expect(machine.execution(id).status).toBe('Failed');
    expect(() =>
      machine.apply({ type: 'AnswerApproval', stageName: 'Approve', actionName: 'Review', token, status: 'Approved', by: 'arn:user/other' }),
    ).toThrow(expect.objectContaining({ code: 'ApprovalAlreadyCompletedException' }));
  });

  it('refuses a wrong token, and an unknown stage or action', () => {
    const { machine } = waitingForApproval();
    const answer = { type: 'AnswerApproval', status: 'Approved', by: 'x' } as const;
    expect(() => machine.apply({ ...answer, stageName: 'Approve', actionName: 'Review', token: machine.newId() })).toThrow(
      expect.objectContaining({ code: 'InvalidApprovalTokenException' }),
    );
    expect(() => machine.apply({ ...answer, stageName: 'Nope', actionName: 'Review', token: machine.newId() })).toThrow(
      expect.objectContaining({ code: 'StageNotFoundException' }),
    );
    expect(() => machine.apply({ ...answer, stageName: 'Approve', actionName: 'Nope', token: machine.newId() })).toThrow(
      expect.objectContaining({ code: 'ActionNotFoundException' }),
    );
  });

  it('expires at its timeout: a failed action', () => {
    const { machine, id, token } = waitingForApproval();
    machine.now += 29 * 60_000;
    machine.apply({ type: 'Tick' });
    expect(machine.execution(id).stages.Approve?.actions.Review?.status).toBe('InProgress');
    machine.now += 2 * 60_000;
    machine.apply({ type: 'Tick' });
    expect(machine.execution(id).stages.Approve?.actions.Review).toMatchObject({ status: 'Failed', errorDetails: { code: 'TimeoutError' } });
    expect(machine.execution(id).status).toBe('Failed');
    expect(() =>
      machine.apply({ type: 'AnswerApproval', stageName: 'Approve', actionName: 'Review', token, status: 'Approved', by: 'late' }),
    ).toThrow(expect.objectContaining({ code: 'InvalidApprovalTokenException' }));
  });

  it('holds the stage lock while waiting: a newer execution cannot pass it', () => {
    const { machine, id } = waitingForApproval();
    const next = machine.start();
    machine.succeed(next, 'Source', 'Checkout');
    machine.succeed(next, 'Build', 'Compile');
    expect(machine.where(next)).toBe('waiting:Approve');
    expect(machine.where(id)).toBe('in:Approve');
  });
});

describe('decide: action timeouts', () => {
  it('fails an action past its provider default timeout and cancels its work', () => {
    const machine = new MachineDriver(pipeline('timeout', [{ name: 'Build', actions: [buildAction('Compile')] }]));
    const id = machine.start();
    machine.succeed(id, 'Source', 'Checkout');
    const run = machine.running(id, 'Build', 'Compile')!;
    machine.now += 8 * 60 * 60_000 + 1;
    machine.apply({ type: 'Tick' });
    expect(machine.execution(id).stages.Build?.actions.Compile?.errorDetails?.code).toBe('TimeoutError');
    expect(machine.effects).toContainEqual({ type: 'CancelAction', actionExecutionId: run.actionExecutionId, reason: 'timed-out' });
  });
});
