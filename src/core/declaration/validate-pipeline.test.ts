import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { runsBefore, placedActions } from './declaration-walk.js';
import { codeBuild, codeCommitSource, commandsAction, connectionSource, declarationContext, manualApproval, pipeline, refusalOf } from './test-kit/declarations.js';
import type { ActionDeclaration, PipelineDeclaration, StageDeclaration } from './types.js';
import { validatePipelineDeclaration } from './validate-pipeline.js';

/** A release pipeline using every V2 construct at once. */
function releasePipeline(): PipelineDeclaration {
  return pipeline(
    [
      {
        name: 'Source',
        actions: [connectionSource('App', 'AppSrc', { namespace: 'AppVars' }), codeCommitSource('Config', 'ConfigSrc', { namespace: 'ConfigVars' })],
      },
      {
        name: 'Build',
        actions: [
          codeBuild('Compile', ['AppSrc', 'ConfigSrc'], ['Bin'], { runOrder: 1, namespace: 'BuildVars', configuration: { ProjectName: 'app', PrimarySource: 'AppSrc' } }),
          codeBuild('Lint', ['AppSrc'], [], { runOrder: 1 }),
          commandsAction('Package', ['Bin'], {
            runOrder: 2,
            commands: ['tar czf app.tgz bin', 'echo "built #{BuildVars.Version} for #{variables.TARGET}"'],
            outputArtifacts: [{ name: 'Pkg', files: ['app.tgz'] }],
            outputVariables: ['SHA'],
            environmentVariables: [{ name: 'COMMIT', value: '#{AppVars.CommitId}' }],
            namespace: 'PackageVars',
          }),
        ],
        onFailure: { result: 'RETRY', retryConfiguration: { retryMode: 'FAILED_ACTIONS' } },
      },
      {
        name: 'Approve',
        actions: [manualApproval('Gate', { timeoutInMinutes: 60, configuration: { CustomData: 'Ship #{PackageVars.SHA}?' } })],
      },
      {
        name: 'Deploy',
        actions: [
          {
            name: 'Upload',
            actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'S3', version: '1' },
            configuration: { BucketName: 'releases', Extract: 'false', ObjectKey: '#{variables.TARGET}/#{codepipeline.PipelineExecutionId}.tgz' },
            inputArtifacts: [{ name: 'Pkg' }],
          },
        ],
        beforeEntry: {
          conditions: [
            {
              result: 'FAIL',
              rules: [{ name: 'Window', ruleTypeId: { category: 'Rule', owner: 'AWS', provider: 'DeploymentWindow', version: '1' }, configuration: { Cron: '* 9-17 ? * MON-FRI *' } }],
            },
          ],
        },
        onFailure: { result: 'ROLLBACK' },
      },
    ],
    {
      executionMode: 'QUEUED',
      variables: [{ name: 'TARGET', defaultValue: 'staging', description: 'Where to deploy' }],
      triggers: [
        {
          providerType: 'CodeStarSourceConnection',
          gitConfiguration: { sourceActionName: 'App', push: [{ branches: { includes: ['main'] }, filePaths: { excludes: ['docs/**'] } }], pullRequest: [{ branches: { includes: ['main'] } }] },
        },
      ],
    },
  );
}

describe('validatePipelineDeclaration', () => {
  it('accepts a release pipeline with parallel runOrders, variables, triggers and conditions, and makes it V2', () => {
    const declaration = releasePipeline();
    const result = validatePipelineDeclaration(declaration, declarationContext());
    expect(result.pipelineType).toBe('V2');
    expect(result.executionMode).toBe('QUEUED');
    expect(result.stages.map((stage) => stage.actions.map((action) => [action.name, action.runOrder]))).toEqual([
      [['App', 1], ['Config', 1]],
      [['Compile', 1], ['Lint', 1], ['Package', 2]],
      [['Gate', 1]],
      [['Upload', 1]],
    ]);
    expect(result.stages[2]?.actions[0]).toMatchObject({ inputArtifacts: [], outputArtifacts: [] });
    // Only the defaults are added: everything declared comes back as it was sent.
    const { stages: _resultStages, pipelineType: _type, ...resultTop } = result;
    const { stages: _declaredStages, ...declaredTop } = declaration;
    expect(resultTop).toEqual(declaredTop);
    expect(result.stages[1]?.actions[2]).toEqual({ ...declaration.stages[1]?.actions[2], inputArtifacts: [{ name: 'Bin' }] });
  });

  it('does not change the declaration it is given', () => {
    const declaration = releasePipeline();
    const copy = structuredClone(declaration);
    validatePipelineDeclaration(declaration, declarationContext());
    expect(declaration).toEqual(copy);
  });
});

/**
 * Generated pipelines: a source stage, then stages of CodeBuild actions at runOrders 1–3, each
 * reading 1–5 artifacts produced before it and producing 0–2 of its own.
 */
interface GeneratedShape {
  sources: number;
  stages: { runOrder: number; picks: number[]; outputs: number }[][];
}

const shapeArbitrary: fc.Arbitrary<GeneratedShape> = fc.record({
  sources: fc.integer({ min: 1, max: 3 }),
  stages: fc.array(
    fc.array(fc.record({ runOrder: fc.integer({ min: 1, max: 3 }), picks: fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), outputs: fc.integer({ min: 0, max: 2 }) }), {
      minLength: 1,
      maxLength: 6,
    }),
    { minLength: 1, maxLength: 5 },
  ),
});

function buildPipeline(shape: GeneratedShape): PipelineDeclaration {
  const available: string[] = Array.from({ length: shape.sources }, (_, index) => `src${index}`);
  const stages: StageDeclaration[] = [{ name: 'Source', actions: available.map((name, index) => codeCommitSource(`Source${index}`, name)) }];
  shape.stages.forEach((actions, stageIndex) => {
    const built: ActionDeclaration[] = [];
    for (const runOrder of [1, 2, 3]) {
      const produced: string[] = [];
      actions.forEach((spec, actionIndex) => {
        if (spec.runOrder !== runOrder) return;
        const inputs = [...new Set(spec.picks.map((pick) => available[pick % available.length]!))];
        const outputs = Array.from({ length: spec.outputs }, (_, index) => `a${stageIndex}_${actionIndex}_${index}`);
        produced.push(...outputs);
        built.push(codeBuild(`Job${actionIndex}`, inputs, outputs, { runOrder }));
      });
      available.push(...produced);
    }
    stages.push({ name: `Stage${stageIndex}`, actions: built });
  });
  return pipeline(stages);
}

describe('validatePipelineDeclaration on generated pipelines', () => {
  test.prop([shapeArbitrary])('accepts every pipeline whose inputs come from earlier actions', (shape) => {
    const declaration = buildPipeline(shape);
    expect(validatePipelineDeclaration(declaration, declarationContext()).stages).toHaveLength(declaration.stages.length);
  });

  test.prop([shapeArbitrary, fc.nat(), fc.nat(), fc.nat()])(
    'refuses it once an input names an artifact no earlier action produces',
    (shape, actionPick, inputPick, namePick) => {
      const declaration = buildPipeline(shape);
      const actions = placedActions(declaration);
      const consumers = actions.filter((placed) => (placed.action.inputArtifacts ?? []).length > 0);
      const target = consumers[actionPick % consumers.length]!;
      // Candidates: a name nobody produces, and every artifact of an action that does not run before the target.
      const notEarlier = actions.filter((placed) => !runsBefore(placed, target)).flatMap((placed) => (placed.action.outputArtifacts ?? []).map((output) => output.name));
      const candidates = ['NeverProduced', ...notEarlier];
      const renamed = candidates[namePick % candidates.length]!;
      const inputs = target.action.inputArtifacts!;
      inputs[inputPick % inputs.length] = { name: renamed };

      const error = refusalOf(declaration);
      expect(error.code).toBe('InvalidActionDeclarationException');
      expect(error.message).toContain(`Input artifact ${renamed} of action '${target.action.name}' in stage '${target.stage.name}'`);
    },
  );
});
