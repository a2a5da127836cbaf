import { describe, expect, it } from 'vitest';
import { buildAction, MachineDriver, pipeline } from './test-kit/machine.js';

describe('decide: variables', () => {
  const declaration = pipeline(
    'vars',
    [
      { name: 'Build', actions: [buildAction('Compile', { output: 'Bin', namespace: 'BuildVars' })] },
      {
        name: 'Deploy',
        actions: [
          buildAction('Ship', {
            input: 'Bin',
            configuration: { ProjectName: 'ship-#{variables.env}', Version: '#{BuildVars.VERSION}', Execution: '#{codepipeline.PipelineExecutionId}' },
          }),
        ],
      },
    ],
    { variables: [{ name: 'env', defaultValue: 'staging' }, { name: 'region' }] },
  );

  it('applies defaults, takes given values, and resolves references just before an action runs', () => {
    const machine = new MachineDriver(declaration);
    const id = machine.start({ variables: [{ name: 'region', value: 'eu-west-1' }] });
    expect(machine.execution(id).variables).toEqual({ env: 'staging', region: 'eu-west-1' });
    machine.succeed(id, 'Source', 'Checkout');
    machine.succeed(id, 'Build', 'Compile', { outputVariables: { VERSION: '1.2.3' } });
    expect(machine.execution(id).namespaces.BuildVars).toEqual({ VERSION: '1.2.3' });
    expect(machine.execution(id).stages.Deploy?.actions.Ship?.resolvedConfiguration).toEqual({
      ProjectName: 'ship-staging',
      Version: '1.2.3',
      Execution: id,
    });
  });

  it('fails the action with the reference and the reason when a value cannot be resolved', () => {
    const machine = new MachineDriver(declaration);
    const id = machine.start({ variables: [{ name: 'region', value: 'x' }] });
    machine.succeed(id, 'Source', 'Checkout');
    machine.succeed(id, 'Build', 'Compile', { outputVariables: {} });
    const ship = machine.execution(id).stages.Deploy?.actions.Ship;
    expect(ship?.status).toBe('Failed');
    expect(ship?.errorDetails?.message).toContain('#{BuildVars.VERSION}');
    expect(ship?.errorDetails?.message).toContain('configuration key Version of action Ship');
  });

  it('refuses undeclared variables and a missing value without default on an explicit start', () => {
    const machine = new MachineDriver(declaration);
    expect(() => machine.start({ variables: [{ name: 'nope', value: 'x' }, { name: 'region', value: 'x' }] })).toThrow(
      expect.objectContaining({ code: 'ValidationException', message: expect.stringContaining('nope') as unknown }),
    );
    expect(() => machine.start()).toThrow(expect.objectContaining({ code: 'ValidationException', message: expect.stringContaining('region') as unknown }));
  });

  it('refuses sourceRevisions for an action that is not a source action', () => {
    const machine = new MachineDriver(declaration);
    expect(() =>
      machine.start({ variables: [{ name: 'region', value: 'x' }], sourceRevisions: [{ actionName: 'Compile', revisionType: 'COMMIT_ID', revisionValue: 'abc' }] }),
    ).toThrow(expect.objectContaining({ code: 'ValidationException' }));
  });
});
