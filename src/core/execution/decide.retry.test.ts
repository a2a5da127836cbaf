import { describe, expect, it } from 'vitest';
import { buildAction, MachineDriver, pipeline } from './test-kit/machine.js';

const stages = [
  { name: 'Build', actions: [buildAction('Compile', { output: 'Bin' }), buildAction('Lint'), buildAction('Package', { runOrder: 2 })] },
  { name: 'Deploy', actions: [buildAction('Ship', { input: 'Bin' })] },
];

function failedInBuild(): { machine: MachineDriver; id: string; compileRun: string } {
  const machine = new MachineDriver(pipeline('retry', stages));
  const id = machine.start();
  machine.succeed(id, 'Source', 'Checkout');
  machine.succeed(id, 'Build', 'Compile');
  const compileRun = machine.execution(id).stages.Build!.actions.Compile!.actionExecutionId;
  machine.fail(id, 'Build', 'Lint');
  return { machine, id, compileRun };
}

describe('decide: RetryStageExecution', () => {
  it('re-runs failed actions in the same execution and keeps succeeded ones (FAILED_ACTIONS)', () => {
    const { machine, id, compileRun } = failedInBuild();
    expect(machine.execution(id).status).toBe('Failed');
    machine.apply({ type: 'RetryStage', executionId: id, stageName: 'Build', retryMode: 'FAILED_ACTIONS' });
    const execution = machine.execution(id);
    expect(execution.status).toBe('InProgress');
    expect(execution.stages.Build?.actions.Compile?.actionExecutionId).toBe(compileRun);
    expect(machine.running(id, 'Build', 'Lint')).toBeDefined();
    expect(execution.stages.Build?.retry).toMatchObject({ manualStageRetryAttempt: 1, latestRetryTrigger: 'ManualStageRetry' });
    machine.succeed(id, 'Build', 'Lint');
    machine.succeed(id, 'Build', 'Package');
    expect(machine.where(id)).toBe('in:Deploy');
  });

  it('re-runs every action from the first group (ALL_ACTIONS)', () => {
    const { machine, id, compileRun } = failedInBuild();
    machine.apply({ type: 'RetryStage', executionId: id, stageName: 'Build', retryMode: 'ALL_ACTIONS' });
    const compile = machine.running(id, 'Build', 'Compile');
    expect(compile).toBeDefined();
    expect(compile?.actionExecutionId).not.toBe(compileRun);
  });

  it('refuses a retry once a later execution has entered the stage', () => {
    const { machine, id } = failedInBuild();
    const later = machine.start();
    machine.succeed(later, 'Source', 'Checkout');
    expect(machine.where(later)).toBe('in:Build');
    expect(() => machine.apply({ type: 'RetryStage', executionId: id, stageName: 'Build', retryMode: 'FAILED_ACTIONS' })).toThrow(
      expect.objectContaining({ code: 'NotLatestPipelineExecutionException' }),
    );
  });

  it('refuses a retry of a stage with nothing failed, or still running', () => {
    const machine = new MachineDriver(pipeline('noretry', stages));
    const id = machine.start();
    machine.succeed(id, 'Source', 'Checkout');
    expect(() => machine.apply({ type: 'RetryStage', executionId: id, stageName: 'Source', retryMode: 'FAILED_ACTIONS' })).toThrow(
      expect.objectContaining({ code: 'StageNotRetryableException' }),
    );
    expect(() => machine.apply({ type: 'RetryStage', executionId: id, stageName: 'Build', retryMode: 'FAILED_ACTIONS' })).toThrow(
      expect.objectContaining({ code: 'StageNotRetryableException' }),
    );
    expect(() => machine.apply({ type: 'RetryStage', executionId: id, stageName: 'Nope', retryMode: 'FAILED_ACTIONS' })).toThrow(
      expect.objectContaining({ code: 'StageNotFoundException' }),
    );
  });

  it('retries failed actions at once while the rest of their group still runs (FAILED_ACTIONS), not ALL_ACTIONS', () => {
    const machine = new MachineDriver(pipeline('retry-now', stages));
    const id = machine.start();
    machine.succeed(id, 'Source', 'Checkout');
    const failedRun = machine.running(id, 'Build', 'Lint')!.actionExecutionId;
    machine.fail(id, 'Build', 'Lint');
    // Compile still runs: the stage has not failed yet, and ALL_ACTIONS would have to stop it.
    expect(machine.execution(id).stages.Build?.status).toBe('InProgress');
    expect(() => machine.apply({ type: 'RetryStage', executionId: id, stageName: 'Build', retryMode: 'ALL_ACTIONS' })).toThrow(
      expect.objectContaining({ code: 'StageNotRetryableException', message: expect.stringContaining('still has actions in progress') as unknown }),
    );
    const compileRun = machine.running(id, 'Build', 'Compile')!.actionExecutionId;
    machine.apply({ type: 'RetryStage', executionId: id, stageName: 'Build', retryMode: 'FAILED_ACTIONS' });
    const lint = machine.running(id, 'Build', 'Lint');
    expect(lint?.actionExecutionId).toBeDefined();
    expect(lint?.actionExecutionId).not.toBe(failedRun);
    expect(machine.running(id, 'Build', 'Compile')?.actionExecutionId).toBe(compileRun);
    expect(machine.execution(id).stages.Build?.retry).toMatchObject({ manualStageRetryAttempt: 1, latestRetryTrigger: 'ManualStageRetry' });
    machine.succeed(id, 'Build', 'Compile');
    machine.succeed(id, 'Build', 'Lint');
    machine.succeed(id, 'Build', 'Package');
    expect(machine.where(id)).toBe('in:Deploy');
  });

  it('says which execution is the latest of the stage when another is named', () => {
    const { machine, id } = failedInBuild();
    const unknown = '00000000-0000-0000-0000-000000000000';
    expect(() => machine.apply({ type: 'RetryStage', executionId: unknown, stageName: 'Build', retryMode: 'FAILED_ACTIONS' })).toThrow(
      expect.objectContaining({
        code: 'NotLatestPipelineExecutionException',
        message: `Execution ${unknown} is not the latest execution of stage Build (that is ${id}): only the latest execution of a stage can be retried.`,
      }),
    );
    expect(() => machine.apply({ type: 'RetryStage', executionId: id, stageName: 'Deploy', retryMode: 'FAILED_ACTIONS' })).toThrow(
      expect.objectContaining({ code: 'NotLatestPipelineExecutionException', message: 'No execution of retry has run stage Deploy yet.' }),
    );
  });

  it('refuses a retry after the pipeline structure changed', () => {
    const { machine, id } = failedInBuild();
    machine.apply({ type: 'PipelineUpdated', version: 2, declaration: pipeline('retry', stages) });
    expect(() => machine.apply({ type: 'RetryStage', executionId: id, stageName: 'Build', retryMode: 'FAILED_ACTIONS' })).toThrow(
      expect.objectContaining({ code: 'StageNotRetryableException' }),
    );
  });

  it('retries the stage where a stopped execution stopped', () => {
    const machine = new MachineDriver(pipeline('stopped-retry', stages));
    const id = machine.start();
    machine.succeed(id, 'Source', 'Checkout');
    machine.apply({ type: 'StopExecution', executionId: id, abandon: true });
    expect(machine.execution(id).status).toBe('Stopped');
    machine.apply({ type: 'RetryStage', executionId: id, stageName: 'Build', retryMode: 'FAILED_ACTIONS' });
    expect(machine.execution(id).status).toBe('InProgress');
    expect(machine.running(id, 'Build', 'Compile')).toBeDefined();
    expect(machine.execution(id).stop).toBeUndefined();
  });
});
