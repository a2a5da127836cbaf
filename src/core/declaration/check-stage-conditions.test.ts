import { describe, expect, it } from 'vitest';
import { codeBuild, codeCommitSource, declarationContext, pipeline, refusalOf, type RefusalCase } from './test-kit/declarations.js';
import type { ConditionDeclaration, PipelineDeclaration, RuleDeclaration, StageDeclaration } from './types.js';
import { validatePipelineDeclaration } from './validate-pipeline.js';

const variableCheck = (name = 'OnMain', extra: Partial<RuleDeclaration> = {}): RuleDeclaration => ({
  name,
  ruleTypeId: { category: 'Rule', owner: 'AWS', provider: 'VariableCheck', version: '1' },
  configuration: { Variable: '#{SourceVariables.BranchName}', Value: 'main', Operator: 'EQ' },
  ...extra,
});
const window = (name = 'Window'): RuleDeclaration => ({
  name,
  ruleTypeId: { category: 'Rule', provider: 'DeploymentWindow' },
  configuration: { Cron: '* 9-17 ? * MON-FRI *', TimeZone: 'Europe/Paris' },
});
const lambda = (name = 'Probe', extra: Partial<RuleDeclaration> = {}): RuleDeclaration => ({
  name,
  ruleTypeId: { category: 'Rule', provider: 'LambdaInvoke', version: '1' },
  configuration: { FunctionName: 'probe' },
  ...extra,
});
const commandsRule = (name = 'Smoke', extra: Partial<RuleDeclaration> = {}): RuleDeclaration => ({
  name,
  ruleTypeId: { category: 'Rule', provider: 'Commands' },
  commands: ['curl -f http://localhost/health'],
  inputArtifacts: [{ name: 'Bin' }],
  ...extra,
});
const condition = (result: ConditionDeclaration['result'], ...rules: RuleDeclaration[]): ConditionDeclaration => ({ ...(result ? { result } : {}), rules });

/** Source → Build (namespace BuildVariables, output Bin) → Deploy, with `deploy` merged into the Deploy stage. */
function withDeploy(deploy: Partial<StageDeclaration>, extra: Partial<PipelineDeclaration> = {}): PipelineDeclaration {
  return pipeline(
    [
      { name: 'Source', actions: [codeCommitSource('Checkout', 'Src', { namespace: 'SourceVariables' })] },
      { name: 'Build', actions: [codeBuild('Compile', ['Src'], ['Bin'], { namespace: 'BuildVariables' })] },
      { name: 'Deploy', actions: [codeBuild('Ship', ['Bin'], ['Shipped'], { namespace: 'DeployVariables' })], ...deploy },
    ],
    { pipelineType: 'V2', ...extra },
  );
}

const cases: RefusalCase[] = [
  {
    name: 'beforeEntry with two conditions',
    declaration: () => withDeploy({ beforeEntry: { conditions: [condition('FAIL', variableCheck()), condition('FAIL', window())] } }),
    code: 'InvalidStageDeclarationException',
    message: /The beforeEntry conditions of stage 'Deploy' list 2 conditions; exactly one condition is required/,
  },
  {
    name: 'onSuccess without conditions',
    declaration: () => withDeploy({ onSuccess: { conditions: [] } }),
    code: 'InvalidStageDeclarationException',
    message: /onSuccess conditions of stage 'Deploy' list 0 conditions/,
  },
  {
    name: 'a beforeEntry condition without a result',
    declaration: () => withDeploy({ beforeEntry: { conditions: [condition(undefined, variableCheck())] } }),
    code: 'InvalidStageDeclarationException',
    message: /The beforeEntry condition of stage 'Deploy' has no result; it must be one of FAIL, SKIP/,
  },
  {
    name: 'beforeEntry ROLLBACK',
    declaration: () => withDeploy({ beforeEntry: { conditions: [condition('ROLLBACK', variableCheck())] } }),
    code: 'InvalidStageDeclarationException',
    message: /beforeEntry condition of stage 'Deploy' has result ROLLBACK; it must be one of FAIL, SKIP/,
  },
  {
    name: 'onSuccess SKIP',
    declaration: () => withDeploy({ onSuccess: { conditions: [condition('SKIP', variableCheck())] } }),
    code: 'InvalidStageDeclarationException',
    message: /onSuccess condition of stage 'Deploy' has result SKIP; it must be one of ROLLBACK, FAIL/,
  },
  {
    name: 'an onFailure condition with result FAIL',
    declaration: () => withDeploy({ onFailure: { result: 'ROLLBACK', conditions: [condition('FAIL', window())] } }),
    code: 'InvalidStageDeclarationException',
    message: /onFailure condition of stage 'Deploy' has result FAIL; it must be one of ROLLBACK/,
  },
  {
    name: 'onFailure SKIP',
    declaration: () => withDeploy({ onFailure: { result: 'SKIP' } }),
    code: 'InvalidStageDeclarationException',
    message: /The onFailure of stage 'Deploy' has result SKIP; a failed stage can only ROLLBACK, RETRY or FAIL/,
  },
  {
    name: 'onFailure with neither result nor conditions',
    declaration: () => withDeploy({ onFailure: {} }),
    code: 'InvalidStageDeclarationException',
    message: /The onFailure of stage 'Deploy' declares neither a result nor conditions/,
  },
  {
    name: 'RETRY without a retry mode',
    declaration: () => withDeploy({ onFailure: { result: 'RETRY' } }),
    code: 'InvalidStageDeclarationException',
    message: /has result RETRY without retryConfiguration\.retryMode/,
  },
  {
    name: 'RETRY with conditions',
    declaration: () => withDeploy({ onFailure: { result: 'RETRY', retryConfiguration: { retryMode: 'FAILED_ACTIONS' }, conditions: [condition('ROLLBACK', window())] } }),
    code: 'InvalidStageDeclarationException',
    message: /automatic stage retry cannot be used with onFailure conditions/,
  },
  {
    name: 'a retryConfiguration without RETRY',
    declaration: () => withDeploy({ onFailure: { result: 'FAIL', retryConfiguration: { retryMode: 'ALL_ACTIONS' } } }),
    code: 'InvalidStageDeclarationException',
    message: /declares retryConfiguration, which applies only to the result RETRY/,
  },
  {
    name: 'onFailure ROLLBACK in PARALLEL mode',
    declaration: () => withDeploy({ onFailure: { result: 'ROLLBACK' } }, { executionMode: 'PARALLEL' }),
    code: 'InvalidStageDeclarationException',
    message: /onFailure of stage 'Deploy' has result ROLLBACK, which is not available in PARALLEL execution mode/,
  },
  {
    name: 'an onSuccess ROLLBACK in PARALLEL mode',
    declaration: () => withDeploy({ onSuccess: { conditions: [condition('ROLLBACK', window())] } }, { executionMode: 'PARALLEL' }),
    code: 'InvalidStageDeclarationException',
    message: /onSuccess condition of stage 'Deploy' has result ROLLBACK, which is not available in PARALLEL/,
  },
  {
    name: 'a condition without rules',
    declaration: () => withDeploy({ beforeEntry: { conditions: [{ result: 'FAIL' }] } }),
    code: 'InvalidStageDeclarationException',
    message: /beforeEntry condition of stage 'Deploy' has 0 rules; a condition has 1 to 5 rules/,
  },
  {
    name: 'a condition with six rules',
    declaration: () => withDeploy({ beforeEntry: { conditions: [condition('FAIL', ...Array.from({ length: 6 }, (_, index) => variableCheck(`R${index}`)))] } }),
    code: 'InvalidStageDeclarationException',
    message: /has 6 rules/,
  },
  {
    name: 'two rules with one name',
    declaration: () => withDeploy({ beforeEntry: { conditions: [condition('FAIL', variableCheck('R'), window('R'))] } }),
    code: 'InvalidStageDeclarationException',
    message: /more than one rule named 'R'/,
  },
  {
    name: 'an unknown rule provider',
    declaration: () => withDeploy({ beforeEntry: { conditions: [condition('FAIL', { name: 'Alarm', ruleTypeId: { category: 'Rule', provider: 'CloudWatchAlarm' } })] } }),
    code: 'InvalidStageDeclarationException',
    message: /rule type Rule\/AWS\/CloudWatchAlarm\/1 of rule 'Alarm' of the beforeEntry condition of stage 'Deploy' is not a known rule type/,
  },
  {
    name: 'a rule of an unknown version',
    declaration: () => withDeploy({ beforeEntry: { conditions: [condition('FAIL', variableCheck('V', { ruleTypeId: { category: 'Rule', provider: 'VariableCheck', version: '2' } }))] } }),
    code: 'InvalidStageDeclarationException',
    message: /Rule\/AWS\/VariableCheck\/2 .* is not a known rule type/,
  },
  {
    name: 'SKIP with a DeploymentWindow rule',
    declaration: () => withDeploy({ beforeEntry: { conditions: [condition('SKIP', variableCheck(), window())] } }),
    code: 'InvalidStageDeclarationException',
    message: /engages SKIP, which only LambdaInvoke and VariableCheck rules support; rule 'Window' .* is a DeploymentWindow rule/,
  },
  {
    name: 'a VariableCheck without an Operator',
    declaration: () => withDeploy({ beforeEntry: { conditions: [condition('FAIL', variableCheck('V', { configuration: { Variable: '#{SourceVariables.BranchName}', Value: 'main' } }))] } }),
    code: 'InvalidStageDeclarationException',
    message: /Rule configuration for rule 'V' of the beforeEntry condition of stage 'Deploy' is missing required configuration 'Operator'/,
  },
  {
    name: 'a VariableCheck with an unknown Operator',
    declaration: () =>
      withDeploy({ beforeEntry: { conditions: [condition('FAIL', variableCheck('V', { configuration: { Variable: 'x', Value: 'main', Operator: 'GT' } }))] } }),
    code: 'InvalidStageDeclarationException',
    message: /configuration Operator of rule 'V' .* is 'GT'; it must be one of EQ, NE, CONTAINS, MATCHES/,
  },
  {
    name: 'a DeploymentWindow without Cron',
    declaration: () => withDeploy({ onSuccess: { conditions: [condition('FAIL', { ...window(), configuration: { TimeZone: 'UTC' } })] } }),
    code: 'InvalidStageDeclarationException',
    message: /missing required configuration 'Cron'/,
  },
  {
    name: 'a LambdaInvoke without FunctionName',
    declaration: () => withDeploy({ beforeEntry: { conditions: [condition('FAIL', lambda('L', { configuration: { UserParameters: 'x' } }))] } }),
    code: 'InvalidStageDeclarationException',
    message: /missing required configuration 'FunctionName'/,
  },
  {
    name: 'an unknown rule configuration key',
    declaration: () => withDeploy({ beforeEntry: { conditions: [condition('FAIL', lambda('L', { configuration: { FunctionName: 'f', Timeout: '5' } }))] } }),
    code: 'InvalidStageDeclarationException',
    message: /Rule configuration for rule 'L' .* contains unknown configuration 'Timeout'/,
  },
  {
    name: 'a Commands rule without commands',
    declaration: () => withDeploy({ onSuccess: { conditions: [condition('FAIL', commandsRule('C', { commands: undefined }))] } }),
    code: 'InvalidStageDeclarationException',
    message: /Rule 'C' of the onSuccess condition of stage 'Deploy' is a Commands rule and must declare commands/,
  },
  {
    name: 'commands on a LambdaInvoke rule',
    declaration: () => withDeploy({ beforeEntry: { conditions: [condition('FAIL', lambda('L', { commands: ['ls'] }))] } }),
    code: 'InvalidStageDeclarationException',
    message: /field commands of rule 'L' .* is only valid on the Commands rule/,
  },
  {
    name: 'an input artifact on a VariableCheck rule',
    declaration: () => withDeploy({ beforeEntry: { conditions: [condition('FAIL', variableCheck('V', { inputArtifacts: [{ name: 'Src' }] }))] } }),
    code: 'InvalidStageDeclarationException',
    message: /Rule 'V' of the beforeEntry condition of stage 'Deploy' declares 1 input artifact\(s\); a VariableCheck rule takes exactly 0/,
  },
  {
    name: 'a beforeEntry rule reading an artifact of its own stage',
    declaration: () => withDeploy({ beforeEntry: { conditions: [condition('FAIL', commandsRule('C', { inputArtifacts: [{ name: 'Shipped' }] }))] } }),
    code: 'InvalidStageDeclarationException',
    message: /Input artifact Shipped of rule 'C' of the beforeEntry condition of stage 'Deploy' is not produced by an action that runs before the condition is evaluated \(an earlier stage\)/,
  },
  {
    name: 'a beforeEntry rule reading a namespace of its own stage',
    declaration: () =>
      withDeploy({
        beforeEntry: { conditions: [condition('FAIL', variableCheck('V', { configuration: { Variable: '#{DeployVariables.X}', Value: 'y', Operator: 'EQ' } }))] },
      }),
    code: 'InvalidStageDeclarationException',
    message: /#\{DeployVariables\.X\} in the configuration Variable of rule 'V' of the beforeEntry condition of stage 'Deploy' names the namespace DeployVariables of action 'Ship' in stage 'Deploy', which does not run before it/,
  },
];

describe('stage conditions', () => {
  it.each(cases)('refuses $name', ({ declaration, code, message }) => {
    const error = refusalOf(declaration());
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('accepts conditions of every kind with artifacts and namespaces they can see', () => {
    const declaration = withDeploy({
      beforeEntry: { conditions: [condition('SKIP', variableCheck(), lambda('Probe', { inputArtifacts: [{ name: 'Bin' }] }))] },
      onSuccess: {
        conditions: [condition('ROLLBACK', window(), commandsRule('Smoke', { inputArtifacts: [{ name: 'Shipped' }], commands: ['test "#{DeployVariables.Url}" != ""'] }))],
      },
      onFailure: { result: 'ROLLBACK', conditions: [condition('ROLLBACK', variableCheck('Still', { configuration: { Variable: '#{BuildVariables.Tag}', Value: 'v', Operator: 'CONTAINS' } }))] },
    });
    const result = validatePipelineDeclaration(declaration, declarationContext());
    expect(result.stages[2]?.onSuccess?.conditions[0]?.rules).toHaveLength(2);
    expect(result.pipelineType).toBe('V2');
  });

  it('accepts automatic retry, and FAIL on failure, in any execution mode', () => {
    for (const executionMode of ['QUEUED', 'PARALLEL', 'SUPERSEDED'] as const) {
      expect(validatePipelineDeclaration(withDeploy({ onFailure: { result: 'RETRY', retryConfiguration: { retryMode: 'ALL_ACTIONS' } } }, { executionMode }), declarationContext()).executionMode).toBe(executionMode);
      expect(validatePipelineDeclaration(withDeploy({ onFailure: { result: 'FAIL' } }, { executionMode }), declarationContext()).executionMode).toBe(executionMode);
    }
  });
});
