import { describe, expect, it } from 'vitest';
import {
  codeBuild,
  codeCommitSource,
  commandsAction,
  customBuildType,
  declarationContext,
  manualApproval,
  pipeline,
  refusalOf,
  type RefusalCase,
} from './test-kit/declarations.js';
import type { ActionDeclaration, PipelineDeclaration } from './types.js';
import { validatePipelineDeclaration } from './validate-pipeline.js';

/** Source → Build with `action` as the only action of the Build stage. */
function withAction(action: ActionDeclaration, extra: Partial<PipelineDeclaration> = {}): PipelineDeclaration {
  return pipeline([{ name: 'Source', actions: [codeCommitSource('Checkout', 'Src')] }, { name: 'Build', actions: [action] }], extra);
}

function jenkins(extra: Partial<ActionDeclaration> = {}): ActionDeclaration {
  return {
    name: 'Jenkins',
    actionTypeId: { category: 'Build', owner: 'Custom', provider: 'Jenkins', version: '1' },
    configuration: { ProjectName: 'app-build' },
    inputArtifacts: [{ name: 'Src' }],
    ...extra,
  };
}

const cases: RefusalCase[] = [
  {
    name: 'an unknown provider',
    declaration: () => withAction(codeBuild('Compile', ['Src'], [], { actionTypeId: { category: 'Build', owner: 'AWS', provider: 'Bamboo', version: '1' } })),
    code: 'InvalidActionDeclarationException',
    // AWS: "ActionType (Category: 'Deploy', Provider: 'ECS', Owner: 'AWS', Version: '1') in action 'Deploy' is not available" (hashicorp/terraform-provider-aws#4667).
    message: /ActionType \(Category: 'Build', Provider: 'Bamboo', Owner: 'AWS', Version: '1'\) in action 'Compile' in stage 'Build' is not available/,
  },
  {
    name: 'a known provider under the wrong category',
    declaration: () => withAction(codeBuild('Compile', ['Src'], [], { actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'CodeBuild', version: '1' } })),
    code: 'InvalidActionDeclarationException',
    message: /ActionType \(Category: 'Deploy', Provider: 'CodeBuild', Owner: 'AWS', Version: '1'\)/,
  },
  {
    name: 'a deleted custom action type',
    declaration: () => withAction(jenkins()),
    context: () => declarationContext([customBuildType({ deletedAt: 5 })]),
    code: 'InvalidActionDeclarationException',
    message: /ActionType \(Category: 'Build', Provider: 'Jenkins', Owner: 'Custom', Version: '1'\) in action 'Jenkins' in stage 'Build' is not available/,
  },
  {
    name: 'a CodeBuild action without input artifacts',
    declaration: () => withAction(codeBuild('Compile', [])),
    code: 'InvalidActionDeclarationException',
    // AWS: "Action {NameOfAction} declares 0 input artifacts which is less than the minimum count (1)" (awsdocs/aws-cloudformation-user-guide#941).
    message: /Action 'Compile' in stage 'Build' declares 0 input artifacts which is less than the minimum count \(1\) of its action type Build\/AWS\/CodeBuild\/1/,
  },
  {
    name: 'a source action with two outputs',
    declaration: () =>
      pipeline([
        { name: 'Source', actions: [codeCommitSource('Checkout', 'Src', { outputArtifacts: [{ name: 'Src' }, { name: 'Other' }] })] },
        { name: 'Build', actions: [codeBuild('Compile', ['Src'])] },
      ]),
    code: 'InvalidActionDeclarationException',
    message: /Action 'Checkout' in stage 'Source' declares 2 output artifacts which is more than the maximum count \(1\)/,
  },
  {
    name: 'an approval with an input artifact',
    declaration: () => withAction(manualApproval('Gate', { inputArtifacts: [{ name: 'Src' }] })),
    code: 'InvalidActionDeclarationException',
    message: /Action 'Gate' in stage 'Build' declares 1 input artifacts which is more than the maximum count \(0\)/,
  },
  {
    name: 'a missing required configuration property',
    declaration: () => withAction(codeBuild('Compile', ['Src'], [], { configuration: {} })),
    code: 'InvalidActionDeclarationException',
    message: /Action configuration for action 'Compile' in stage 'Build' is missing required configuration 'ProjectName'/,
  },
  {
    name: 'an unknown configuration key on an AWS action',
    declaration: () => withAction(codeBuild('Compile', ['Src'], [], { configuration: { ProjectName: 'p', Projectname: 'typo' } })),
    code: 'InvalidActionDeclarationException',
    message: /Action configuration for action 'Compile' in stage 'Build' contains unknown configuration 'Projectname'; the action type accepts only ProjectName, PrimarySource/,
  },
  {
    name: 'an unknown configuration key on a custom action',
    declaration: () => withAction(jenkins({ configuration: { ProjectName: 'p', Branch: 'main' } })),
    code: 'InvalidActionDeclarationException',
    message: /action 'Jenkins' in stage 'Build' contains unknown configuration 'Branch'; the action type accepts only ProjectName, Token/,
  },
  {
    name: 'a configuration key longer than 50 characters',
    declaration: () => withAction(codeBuild('Compile', ['Src'], [], { configuration: { ProjectName: 'p', ['K'.repeat(51)]: 'v' } })),
    code: 'ValidationException',
    message: /configuration key 'K{51}' of action 'Compile' in stage 'Build' must be 1 to 50 characters/,
  },
  {
    name: 'a configuration value longer than 1000 characters',
    declaration: () => withAction(codeBuild('Compile', ['Src'], [], { configuration: { ProjectName: 'p'.repeat(1001) } })),
    code: 'ValidationException',
    message: /value of configuration key ProjectName of action 'Compile' in stage 'Build' is 1001 characters long; it must be 1 to 1000/,
  },
  {
    name: 'an empty configuration value',
    declaration: () => withAction(codeBuild('Compile', ['Src'], [], { configuration: { ProjectName: '' } })),
    code: 'ValidationException',
    message: /is 0 characters long/,
  },
  {
    name: 'a queryable value longer than 20 characters',
    declaration: () => withAction(jenkins({ configuration: { ProjectName: 'a'.repeat(21) } })),
    code: 'InvalidActionDeclarationException',
    message: /queryable configuration property ProjectName of action 'Jenkins' in stage 'Build' must be at most 20 characters/,
  },
  {
    name: 'a queryable value with a dot',
    declaration: () => withAction(jenkins({ configuration: { ProjectName: 'app.build' } })),
    code: 'InvalidActionDeclarationException',
    message: /letters, digits, '_' and '-'; it is 'app.build'/,
  },
  {
    name: 'commands on a CodeBuild action',
    declaration: () => withAction(codeBuild('Compile', ['Src'], [], { commands: ['make'] })),
    code: 'InvalidActionDeclarationException',
    message: /field commands of action 'Compile' in stage 'Build' is only valid on the Commands action/,
  },
  {
    name: 'outputVariables on a CodeBuild action',
    declaration: () => withAction(codeBuild('Compile', ['Src'], [], { outputVariables: ['VERSION'] })),
    code: 'InvalidActionDeclarationException',
    message: /field outputVariables of action 'Compile'/,
  },
  {
    name: 'environmentVariables on a CodeBuild action',
    declaration: () => withAction(codeBuild('Compile', ['Src'], [], { environmentVariables: [{ name: 'A', value: 'b' }] })),
    code: 'InvalidActionDeclarationException',
    message: /field environmentVariables of action 'Compile'/,
  },
  {
    name: 'output files on a CodeBuild action',
    declaration: () => withAction(codeBuild('Compile', ['Src'], [], { outputArtifacts: [{ name: 'Bin', files: ['dist/**'] }] })),
    code: 'InvalidActionDeclarationException',
    message: /field files \(of output artifact Bin\) of action 'Compile'/,
  },
  {
    name: 'a Commands action without commands',
    declaration: () => withAction(commandsAction('Run', ['Src'], { commands: undefined }), { pipelineType: 'V2' }),
    code: 'InvalidActionDeclarationException',
    // AWS: "Action frontend-web-content-manager-cleanup must have a non-empty commands field" (hashicorp/terraform-provider-aws#42997).
    message: /Action 'Run' in stage 'Build' must have a non-empty commands field/,
  },
  {
    name: 'timeoutInMinutes on a CodeBuild action',
    declaration: () => withAction(codeBuild('Compile', ['Src'], [], { timeoutInMinutes: 60 })),
    code: 'InvalidActionDeclarationException',
    message: /timeoutInMinutes of action 'Compile' in stage 'Build' is only available to the manual approval action type/,
  },
];

describe('actions against their action types', () => {
  it.each(cases)('refuses $name', ({ declaration, code, message, context }) => {
    const error = refusalOf(declaration(), context?.());
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('accepts a live custom action type with its required, queryable and secret properties', () => {
    const result = validatePipelineDeclaration(withAction(jenkins({ configuration: { ProjectName: 'app-build_1', Token: 's3cret' } })), declarationContext());
    expect(result.stages[1]?.actions[0]?.configuration).toEqual({ ProjectName: 'app-build_1', Token: 's3cret' });
  });

  it('accepts timeoutInMinutes on a manual approval and the Commands fields on a Commands action', () => {
    const approval = validatePipelineDeclaration(withAction(manualApproval('Gate', { timeoutInMinutes: 120 })), declarationContext());
    expect(approval.stages[1]?.actions[0]?.timeoutInMinutes).toBe(120);
    const commands = commandsAction('Run', ['Src'], {
      outputVariables: ['VERSION'],
      environmentVariables: [{ name: 'STAGE', value: 'test' }],
      outputArtifacts: [{ name: 'Reports', files: ['reports/**'] }],
    });
    expect(validatePipelineDeclaration(withAction(commands, { pipelineType: 'V2' }), declarationContext()).stages[1]?.actions[0]?.commands).toEqual(['npm ci', 'npm test']);
  });
});

describe('secret configuration values', () => {
  it('refuses the mask **** in a secret property of a new action, in AWS words (alantech/iasql#1594)', () => {
    const declaration = withAction(jenkins({ configuration: { ProjectName: 'app', Token: '****' } }));
    const error = refusalOf(declaration);
    expect(error.code).toBe('InvalidActionDeclarationException');
    expect(error.message).toBe(
      `Action configuration for the new action 'Jenkins' in stage 'Build' contains an invalid configuration for the secret property "Token". "****" may be used in secret properties only when updating an existing action.`,
    );
  });
});
