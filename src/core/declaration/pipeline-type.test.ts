import { describe, expect, it } from 'vitest';
import { codeBuild, codeCommitSource, commandsAction, connectionSource, declarationContext, pipeline, refusalOf, sourceAndBuild } from './test-kit/declarations.js';
import type { PipelineDeclaration } from './types.js';
import { validatePipelineDeclaration } from './validate-pipeline.js';

const rule = { name: 'Check', ruleTypeId: { category: 'Rule' as const, provider: 'VariableCheck' }, configuration: { Variable: '#{SourceVariables.BranchName}', Value: 'main', Operator: 'EQ' } };

/** Every V2-only construct, each on an otherwise plain pipeline. */
const v2Constructs: { name: string; declaration: (extra: Partial<PipelineDeclaration>) => PipelineDeclaration; code: string; message: RegExp }[] = [
  { name: 'QUEUED mode', declaration: (extra) => sourceAndBuild({ executionMode: 'QUEUED', ...extra }), code: 'InvalidStructureException', message: /execution mode QUEUED/ },
  { name: 'PARALLEL mode', declaration: (extra) => sourceAndBuild({ executionMode: 'PARALLEL', ...extra }), code: 'InvalidStructureException', message: /execution mode PARALLEL/ },
  { name: 'pipeline variables', declaration: (extra) => sourceAndBuild({ variables: [{ name: 'X' }], ...extra }), code: 'InvalidStructureException', message: /pipeline-level variables/ },
  {
    name: 'triggers',
    declaration: (extra) =>
      pipeline(
        [
          { name: 'Source', actions: [connectionSource('Checkout', 'Src')] },
          { name: 'Build', actions: [codeBuild('Compile', ['Src'])] },
        ],
        { triggers: [{ providerType: 'CodeStarSourceConnection', gitConfiguration: { sourceActionName: 'Checkout', push: [{ tags: { includes: ['v*'] } }] } }], ...extra },
      ),
    code: 'InvalidStructureException',
    message: /triggers can only be used with V2 pipelines/,
  },
  {
    name: 'a beforeEntry condition',
    declaration: (extra) => {
      const base = sourceAndBuild(extra);
      return { ...base, stages: [base.stages[0]!, { ...base.stages[1]!, beforeEntry: { conditions: [{ result: 'FAIL', rules: [rule] }] } }] };
    },
    code: 'InvalidStageDeclarationException',
    message: /the beforeEntry conditions of stage 'Build' can only be used with V2 pipelines/,
  },
  {
    name: 'an onFailure result',
    declaration: (extra) => {
      const base = sourceAndBuild(extra);
      return { ...base, stages: [base.stages[0]!, { ...base.stages[1]!, onFailure: { result: 'FAIL' } }] };
    },
    code: 'InvalidStageDeclarationException',
    message: /the onFailure conditions of stage 'Build'/,
  },
  {
    name: 'a Commands action',
    declaration: (extra) =>
      pipeline([{ name: 'Source', actions: [codeCommitSource('Checkout', 'Src')] }, { name: 'Build', actions: [commandsAction('Run', ['Src'])] }], extra),
    code: 'InvalidActionDeclarationException',
    message: /the Commands action type of action 'Run' in stage 'Build' can only be used with V2 pipelines/,
  },
  {
    name: 'a CodePipeline invoke action',
    declaration: (extra) =>
      pipeline(
        [
          { name: 'Source', actions: [codeCommitSource('Checkout', 'Src')] },
          {
            name: 'Downstream',
            actions: [{ name: 'StartNext', actionTypeId: { category: 'Invoke', owner: 'AWS', provider: 'CodePipeline', version: '1' }, configuration: { PipelineName: 'next' } }],
          },
        ],
        extra,
      ),
    code: 'InvalidActionDeclarationException',
    message: /the CodePipeline action type of action 'StartNext' in stage 'Downstream' can only be used with V2 pipelines/,
  },
];

describe('pipeline type', () => {
  it.each(v2Constructs)('refuses $name on an explicit V1 pipeline', ({ declaration, code, message }) => {
    const error = refusalOf(declaration({ pipelineType: 'V1' }));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(/^Pipeline app is of type V1, but /);
    expect(error.message).toMatch(message);
  });

  it.each(v2Constructs)('makes a pipeline without a type V2 when it uses $name', ({ declaration }) => {
    expect(validatePipelineDeclaration(declaration({}), declarationContext()).pipelineType).toBe('V2');
  });

  it('fills in V1 and SUPERSEDED for a plain pipeline, and the runOrder and artifact lists of every action', () => {
    const result = validatePipelineDeclaration(sourceAndBuild(), declarationContext());
    expect(result.pipelineType).toBe('V1');
    expect(result.executionMode).toBe('SUPERSEDED');
    expect(result.stages[0]?.actions[0]).toMatchObject({ runOrder: 1, inputArtifacts: [], outputArtifacts: [{ name: 'Src' }] });
  });

  it('keeps an explicit V2 without V2 constructs, and a given default type for a plain pipeline', () => {
    expect(validatePipelineDeclaration(sourceAndBuild({ pipelineType: 'V2' }), declarationContext()).pipelineType).toBe('V2');
    expect(validatePipelineDeclaration(sourceAndBuild(), { ...declarationContext(), defaultPipelineType: 'V2' }).pipelineType).toBe('V2');
  });
});
