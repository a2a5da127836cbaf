import { describe, expect, it } from 'vitest';
import { codeBuild, codeCommitSource, commandsAction, declarationContext, pipeline, refusalOf, type RefusalCase } from './test-kit/declarations.js';
import type { ActionDeclaration, PipelineDeclaration, StageDeclaration } from './types.js';
import { validatePipelineDeclaration } from './validate-pipeline.js';

const source: StageDeclaration = { name: 'Source', actions: [codeCommitSource('Checkout', 'Src', { namespace: 'SourceVariables' })] };

function withBuild(actions: ActionDeclaration[], extra: Partial<PipelineDeclaration> = {}, more: StageDeclaration[] = []): PipelineDeclaration {
  return pipeline([source, { name: 'Build', actions }, ...more], extra);
}

const projectNamed = (value: string): Partial<ActionDeclaration> => ({ configuration: { ProjectName: value } });

const cases: RefusalCase[] = [
  {
    name: 'a namespace no action declares',
    declaration: () => withBuild([codeBuild('Compile', ['Src'], [], projectNamed('#{BuildVariables.Name}'))]),
    code: 'InvalidActionDeclarationException',
    message: /#\{BuildVariables\.Name\} in the configuration ProjectName of action 'Compile' in stage 'Build' names the namespace BuildVariables, which no action of the pipeline declares/,
  },
  {
    name: 'a namespace declared at the same runOrder',
    declaration: () =>
      withBuild([codeBuild('Version', ['Src'], [], { namespace: 'V' }), codeBuild('Compile', ['Src'], [], projectNamed('#{V.Number}'))]),
    code: 'InvalidActionDeclarationException',
    message: /names the namespace V of action 'Version' in stage 'Build', which does not run before it/,
  },
  {
    name: 'a namespace declared in a later stage',
    declaration: () =>
      withBuild([codeBuild('Compile', ['Src'], [], projectNamed('#{Later.X}'))], {}, [{ name: 'Publish', actions: [codeBuild('Pub', ['Src'], [], { namespace: 'Later' })] }]),
    code: 'InvalidActionDeclarationException',
    message: /names the namespace Later of action 'Pub' in stage 'Publish', which does not run before it/,
  },
  {
    name: 'an undeclared pipeline variable',
    declaration: () => withBuild([codeBuild('Compile', ['Src'], [], projectNamed('#{variables.TARGET}'))], { pipelineType: 'V2', variables: [{ name: 'OTHER' }] }),
    code: 'InvalidActionDeclarationException',
    message: /#\{variables\.TARGET\} .* names the pipeline variable TARGET, which the pipeline does not declare/,
  },
  {
    name: 'an unknown variable of the codepipeline namespace',
    declaration: () => withBuild([codeBuild('Compile', ['Src'], [], projectNamed('#{codepipeline.PipelineName}'))]),
    code: 'InvalidActionDeclarationException',
    message: /names PipelineName in the codepipeline namespace, which provides only PipelineExecutionId/,
  },
  {
    name: 'a reference in a command',
    declaration: () => withBuild([commandsAction('Run', ['Src'], { commands: ['echo ok', 'echo #{Nope.X}'] })], { pipelineType: 'V2' }),
    code: 'InvalidActionDeclarationException',
    message: /#\{Nope\.X\} in the command 2 of action 'Run' in stage 'Build'/,
  },
  {
    name: 'a reference in an environment variable',
    declaration: () => withBuild([commandsAction('Run', ['Src'], { environmentVariables: [{ name: 'REF', value: '#{Nope.X}' }] })], { pipelineType: 'V2' }),
    code: 'InvalidActionDeclarationException',
    message: /in the environment variable REF of action 'Run'/,
  },
];

describe('variable references in a declaration', () => {
  it.each(cases)('refuses $name', ({ declaration, code, message }) => {
    const error = refusalOf(declaration());
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('accepts references to earlier namespaces, declared pipeline variables and the execution id', () => {
    const declaration = withBuild(
      [
        codeBuild('Version', ['Src'], [], { namespace: 'V', runOrder: 1 }),
        codeBuild('Compile', ['Src'], [], {
          runOrder: 2,
          configuration: {
            ProjectName: 'app',
            EnvironmentVariables: '[{"name":"C","value":"#{SourceVariables.CommitId}/#{V.Number}/#{variables.TARGET}/#{codepipeline.PipelineExecutionId}"}]',
          },
        }),
      ],
      { pipelineType: 'V2', variables: [{ name: 'TARGET', defaultValue: 'staging' }] },
    );
    expect(validatePipelineDeclaration(declaration, declarationContext()).variables).toEqual([{ name: 'TARGET', defaultValue: 'staging' }]);
  });
});
