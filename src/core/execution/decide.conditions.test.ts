import { describe, expect, it } from 'vitest';
import type { RuleDeclaration, StageDeclaration } from '../declaration/types.js';
import { buildAction, MachineDriver, pipeline } from './test-kit/machine.js';

function variableCheck(name: string, value: string, operator = 'EQ'): RuleDeclaration {
  return {
    name,
    ruleTypeId: { category: 'Rule', owner: 'AWS', provider: 'VariableCheck', version: '1' },
    configuration: { Variable: '#{variables.env}', Value: value, Operator: operator },
  };
}

function deploymentWindow(cron: string): RuleDeclaration {
  return { name: 'Window', ruleTypeId: { category: 'Rule', owner: 'AWS', provider: 'DeploymentWindow', version: '1' }, configuration: { Cron: cron, TimeZone: 'UTC' } };
}

function v2(stages: StageDeclaration[]) {
  return pipeline('conditions', stages, { variables: [{ name: 'env', defaultValue: 'prod' }] });
}

const build: StageDeclaration = { name: 'Build', actions: [buildAction('Compile', { output: 'Bin' })] };

describe('decide: entry conditions', () => {
  it('runs the actions when the rules pass', () => {
    const machine = new MachineDriver(v2([build, { name: 'Deploy', actions: [buildAction('Ship', { input: 'Bin' })], beforeEntry: { conditions: [{ result: 'FAIL', rules: [variableCheck('IsProd', 'prod')] }] } }]));
    const id = machine.start();
    machine.succeed(id, 'Source', 'Checkout');
    machine.succeed(id, 'Build', 'Compile');
    const deploy = machine.execution(id).stages.Deploy;
    expect(deploy?.conditions?.beforeEntry?.status).toBe('Succeeded');
    expect(machine.running(id, 'Deploy', 'Ship')).toBeDefined();
  });

  it('fails the stage when a rule fails and the result is FAIL', () => {
    const machine = new MachineDriver(v2([build, { name: 'Deploy', actions: [buildAction('Ship', { input: 'Bin' })], beforeEntry: { conditions: [{ result: 'FAIL', rules: [variableCheck('IsDev', 'dev')] }] } }]));
    const id = machine.start();
    machine.succeed(id, 'Source', 'Checkout');
    machine.succeed(id, 'Build', 'Compile');
    const execution = machine.execution(id);
    expect(execution.stages.Deploy?.status).toBe('Failed');
    expect(execution.stages.Deploy?.conditions?.beforeEntry?.conditions[0]?.rules.IsDev?.errorDetails?.message).toContain('prod EQ dev');
    expect(execution.status).toBe('Failed');
    expect(execution.stages.Deploy?.actions.Ship).toBeUndefined();
  });

  it('skips the stage when a rule fails and the result is SKIP, and goes on', () => {
    const machine = new MachineDriver(
      v2([
        { name: 'Build', actions: [buildAction('Compile', { output: 'Bin' })], beforeEntry: { conditions: [{ result: 'SKIP', rules: [variableCheck('IsDev', 'dev')] }] } },
        { name: 'Deploy', actions: [buildAction('Ship')] },
      ]),
    );
    const id = machine.start();
    machine.succeed(id, 'Source', 'Checkout');
    expect(machine.execution(id).stages.Build?.status).toBe('Skipped');
    expect(machine.where(id)).toBe('in:Deploy');
  });

  it('holds the stage until a deployment window opens, then lets it run', () => {
    const machine = new MachineDriver(v2([build, { name: 'Deploy', actions: [buildAction('Ship', { input: 'Bin' })], beforeEntry: { conditions: [{ result: 'FAIL', rules: [deploymentWindow('* 0-59 14 ? * * *')] }] } }]));
    machine.now = Date.parse('2026-11-23T12:00:00Z');
    const id = machine.start();
    machine.succeed(id, 'Source', 'Checkout');
    machine.succeed(id, 'Build', 'Compile');
    const rule = machine.execution(id).stages.Deploy?.conditions?.beforeEntry?.conditions[0]?.rules.Window;
    expect(rule?.status).toBe('InProgress');
    expect(rule?.wakeAt).toBe(Date.parse('2026-11-23T14:00:00Z'));
    expect(machine.running(id, 'Deploy', 'Ship')).toBeUndefined();
    machine.now = Date.parse('2026-11-23T13:59:00Z');
    machine.apply({ type: 'Tick' });
    expect(machine.running(id, 'Deploy', 'Ship')).toBeUndefined();
    machine.now = Date.parse('2026-11-23T14:00:00Z');
    machine.apply({ type: 'Tick' });
    expect(machine.running(id, 'Deploy', 'Ship')).toBeDefined();
  });

  it('lets a person override an entry condition still being checked, and only then', () => {
    const machine = new MachineDriver(v2([build, { name: 'Deploy', actions: [buildAction('Ship', { input: 'Bin' })], beforeEntry: { conditions: [{ result: 'FAIL', rules: [deploymentWindow('* * 3 ? * * *')] }] } }]));
    machine.now = Date.parse('2026-11-23T12:00:00Z');
    const id = machine.start();
    machine.succeed(id, 'Source', 'Checkout');
    expect(() => machine.apply({ type: 'OverrideCondition', executionId: id, stageName: 'Deploy', conditionType: 'BEFORE_ENTRY', by: 'me' })).toThrow(
      expect.objectContaining({ code: 'NotLatestPipelineExecutionException' }),
    );
    machine.succeed(id, 'Build', 'Compile');
    expect(() => machine.apply({ type: 'OverrideCondition', executionId: id, stageName: 'Deploy', conditionType: 'ON_SUCCESS', by: 'me' })).toThrow(
      expect.objectContaining({ code: 'ConditionNotOverridableException' }),
    );
    machine.apply({ type: 'OverrideCondition', executionId: id, stageName: 'Deploy', conditionType: 'BEFORE_ENTRY', by: 'me' });
    expect(machine.execution(id).stages.Deploy?.conditions?.beforeEntry?.status).toBe('Overridden');
    expect(machine.running(id, 'Deploy', 'Ship')).toBeDefined();
  });

  it('asks for work for a Commands rule and decides on its report', () => {
    const machine = new MachineDriver(
      v2([
        build,
        {
          name: 'Deploy',
          actions: [buildAction('Ship', { input: 'Bin' })],
          beforeEntry: { conditions: [{ result: 'FAIL', rules: [{ name: 'Smoke', ruleTypeId: { category: 'Rule', owner: 'AWS', provider: 'Commands', version: '1' }, commands: ['true'] }] }] },
        },
      ]),
    );
    const id = machine.start();
    machine.succeed(id, 'Source', 'Checkout');
    machine.succeed(id, 'Build', 'Compile');
    const effect = machine.effects.find((candidate) => candidate.type === 'RunRule');
    expect(effect).toMatchObject({ type: 'RunRule', stageName: 'Deploy', conditionType: 'beforeEntry', ruleName: 'Smoke' });
    if (effect?.type !== 'RunRule') throw new Error('no rule work');
    machine.apply({ type: 'RuleSucceeded', executionId: id, stageName: 'Deploy', conditionType: 'beforeEntry', ruleName: 'Smoke', ruleExecutionId: effect.ruleExecutionId });
    expect(machine.running(id, 'Deploy', 'Ship')).toBeDefined();
  });
});

describe('decide: automatic retry', () => {
  it('retries a failed stage once, then fails it', () => {
    const machine = new MachineDriver(v2([{ name: 'Build', actions: [buildAction('Compile')], onFailure: { result: 'RETRY', retryConfiguration: { retryMode: 'FAILED_ACTIONS' } } }]));
    const id = machine.start();
    machine.succeed(id, 'Source', 'Checkout');
    machine.fail(id, 'Build', 'Compile');
    const retried = machine.execution(id);
    expect(retried.status).toBe('InProgress');
    expect(retried.stages.Build?.retry).toMatchObject({ autoStageRetryAttempt: 1, latestRetryTrigger: 'AutomatedStageRetry' });
    expect(machine.running(id, 'Build', 'Compile')).toBeDefined();
    machine.fail(id, 'Build', 'Compile');
    expect(machine.execution(id).status).toBe('Failed');
    expect(machine.execution(id).stages.Build?.retry.autoStageRetryAttempt).toBe(1);
  });
});

describe('decide: rollback', () => {
  const deploy: StageDeclaration = { name: 'Deploy', actions: [buildAction('Ship', { input: 'Src' })], onFailure: { result: 'ROLLBACK' } };

  function succeededOnce(machine: MachineDriver): string {
    const good = machine.start();
    machine.succeed(good, 'Source', 'Checkout');
    machine.succeed(good, 'Deploy', 'Ship');
    expect(machine.execution(good).status).toBe('Succeeded');
    return good;
  }

  it('rolls a failed stage back to the last execution that succeeded in it', () => {
    const machine = new MachineDriver(v2([deploy]));
    const good = succeededOnce(machine);
    const bad = machine.start();
    machine.succeed(bad, 'Source', 'Checkout');
    machine.fail(bad, 'Deploy', 'Ship');
    expect(machine.execution(bad).status).toBe('Failed');
    const rollbackId = machine.state.stageLatest.Deploy!;
    const rollback = machine.execution(rollbackId);
    expect(rollback).toMatchObject({ type: 'ROLLBACK', trigger: { triggerType: 'AutomatedRollback' }, rollback: { targetExecutionId: good, stageName: 'Deploy' } });
    expect(rollback.artifacts.Src?.digest).toBe(machine.execution(good).artifacts.Src?.digest);
    expect(machine.where(rollbackId)).toBe('in:Deploy');
    machine.succeed(rollbackId, 'Deploy', 'Ship');
    expect(machine.execution(rollbackId).status).toBe('Succeeded');
    expect(machine.execution(rollbackId).stages.Source).toBeUndefined();
  });

  it('does nothing more than fail when nothing succeeded before', () => {
    const machine = new MachineDriver(v2([deploy]));
    const bad = machine.start();
    machine.succeed(bad, 'Source', 'Checkout');
    machine.fail(bad, 'Deploy', 'Ship');
    expect(machine.execution(bad).statusSummary).toContain('nothing to roll back to');
    expect(machine.state.stageLatest.Deploy).toBe(bad);
  });

  it('rolls back by request to a chosen target, refusing what AWS refuses', () => {
    const machine = new MachineDriver(v2([{ name: 'Deploy', actions: [buildAction('Ship', { input: 'Src' })] }]));
    const good = succeededOnce(machine);
    const later = succeededOnce(machine);
    const rollbackId = machine.newId();
    machine.apply({ type: 'RollbackStage', executionId: rollbackId, stageName: 'Deploy', targetExecutionId: good, target: machine.execution(good), by: 'me' });
    expect(machine.execution(rollbackId)).toMatchObject({ type: 'ROLLBACK', trigger: { triggerType: 'ManualRollback' } });
    expect(() =>
      machine.apply({ type: 'RollbackStage', executionId: machine.newId(), stageName: 'Deploy', targetExecutionId: later, target: machine.execution(later), by: 'me' }),
    ).toThrow(expect.objectContaining({ code: 'UnableToRollbackStageException', message: expect.stringContaining('is running') as unknown }));
    machine.succeed(rollbackId, 'Deploy', 'Ship');

    const failed = machine.start();
    machine.fail(failed, 'Source', 'Checkout');
    expect(() =>
      machine.apply({ type: 'RollbackStage', executionId: machine.newId(), stageName: 'Deploy', targetExecutionId: failed, target: machine.execution(failed), by: 'me' }),
    ).toThrow(expect.objectContaining({ code: 'UnableToRollbackStageException' }));

    machine.apply({ type: 'PipelineUpdated', version: 2, declaration: v2([{ name: 'Deploy', actions: [buildAction('Ship', { input: 'Src' })] }]) });
    expect(() =>
      machine.apply({ type: 'RollbackStage', executionId: machine.newId(), stageName: 'Deploy', targetExecutionId: good, target: machine.execution(good), by: 'me' }),
    ).toThrow(expect.objectContaining({ code: 'UnableToRollbackStageException', message: expect.stringContaining('version') as unknown }));
  });

  it('is not available in PARALLEL mode', () => {
    const machine = new MachineDriver(pipeline('par', [{ name: 'Deploy', actions: [buildAction('Ship', { input: 'Src' })] }], { executionMode: 'PARALLEL' }));
    const good = succeededOnce(machine);
    expect(() =>
      machine.apply({ type: 'RollbackStage', executionId: machine.newId(), stageName: 'Deploy', targetExecutionId: good, target: machine.execution(good), by: 'me' }),
    ).toThrow(expect.objectContaining({ code: 'UnableToRollbackStageException' }));
  });

  it('rolls back when success conditions fail with ROLLBACK', () => {
    const machine = new MachineDriver(
      v2([{ name: 'Deploy', actions: [buildAction('Ship', { input: 'Src' })], onSuccess: { conditions: [{ result: 'ROLLBACK', rules: [variableCheck('Healthy', 'prod')] }] } }]),
    );
    const good = succeededOnce(machine);
    const bad = machine.start({ variables: [{ name: 'env', value: 'broken' }] });
    machine.succeed(bad, 'Source', 'Checkout');
    machine.succeed(bad, 'Deploy', 'Ship');
    expect(machine.execution(bad).stages.Deploy?.status).toBe('Failed');
    const rollback = machine.execution(machine.state.stageLatest.Deploy!);
    expect(rollback.rollback?.targetExecutionId).toBe(good);
  });
});
