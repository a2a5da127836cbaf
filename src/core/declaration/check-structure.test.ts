import { describe, expect, it } from 'vitest';
import { codeBuild, codeCommitSource, declarationContext, manualApproval, pipeline, refusalOf, sourceAndBuild, type RefusalCase } from './test-kit/declarations.js';
import { validatePipelineDeclaration } from './validate-pipeline.js';
import type { StageDeclaration } from './types.js';

const sourceStage: StageDeclaration = { name: 'Source', actions: [codeCommitSource('Checkout', 'Src')] };
const buildStage = (name: string, actions = [codeBuild(`${name}Job`, ['Src'])]): StageDeclaration => ({ name, actions });

const cases: RefusalCase[] = [
  {
    name: 'a single stage',
    declaration: () => pipeline([sourceStage]),
    code: 'InvalidStructureException',
    message: /Pipeline app has only 1 stage\(s\)\. There should be a minimum of 2 stages\./,
  },
  {
    name: 'more than 50 stages',
    declaration: () => pipeline([sourceStage, ...Array.from({ length: 50 }, (_, index) => buildStage(`B${index}`))]),
    code: 'InvalidStructureException',
    message: /has 51 stages; at most 50/,
  },
  {
    name: 'two stages with one name',
    declaration: () => pipeline([sourceStage, buildStage('Build'), buildStage('Build')]),
    code: 'InvalidStructureException',
    message: /more than one stage named 'Build'/,
  },
  {
    name: 'more than 500 actions',
    declaration: () =>
      pipeline([sourceStage, ...Array.from({ length: 11 }, (_, s) => buildStage(`B${s}`, Array.from({ length: 46 }, (_, a) => codeBuild(`J${a}`, ['Src']))))]),
    code: 'LimitExceededException',
    message: /declares 507 actions; a pipeline can have at most 500/,
  },
  {
    name: 'a first stage without source actions',
    declaration: () => pipeline([buildStage('Build'), buildStage('Test')]),
    code: 'InvalidStructureException',
    message: /first stage of a pipeline, stage 'Build', must contain at least one source action/,
  },
  {
    name: 'an approval in the first stage',
    declaration: () => pipeline([{ name: 'Source', actions: [codeCommitSource('Checkout', 'Src'), manualApproval('Gate')] }, buildStage('Build')]),
    code: 'InvalidStructureException',
    message: /may contain only source actions; action 'Gate' in stage 'Source' has category Approval/,
  },
  {
    name: 'a source action after the first stage',
    declaration: () => pipeline([sourceStage, { name: 'Build', actions: [codeBuild('Job', ['Src']), codeCommitSource('Late', 'Late')] }]),
    code: 'InvalidStructureException',
    message: /Source actions may only occur in the first stage; action 'Late' in stage 'Build'/,
  },
  {
    name: 'a blocker',
    declaration: () => pipeline([sourceStage, { ...buildStage('Build'), blockers: [{ name: 'Freeze', type: 'Schedule' }] }]),
    code: 'InvalidBlockerDeclarationException',
    message: /Stage 'Build' declares blockers; blockers are reserved for future use/,
  },
  {
    name: 'a stage without actions',
    declaration: () => pipeline([sourceStage, buildStage('Build'), { name: 'Empty', actions: [] }]),
    code: 'InvalidStageDeclarationException',
    message: /Stage 'Empty' has no actions/,
  },
  {
    name: 'more than 50 actions in a stage',
    declaration: () => pipeline([sourceStage, buildStage('Build', Array.from({ length: 51 }, (_, index) => codeBuild(`J${index}`, ['Src'])))]),
    code: 'InvalidStageDeclarationException',
    message: /Stage 'Build' has 51 actions; a stage can have at most 50/,
  },
  {
    name: 'two actions with one name in a stage',
    declaration: () => pipeline([sourceStage, buildStage('Build', [codeBuild('Job', ['Src']), codeBuild('Job', ['Src'])])]),
    code: 'InvalidStageDeclarationException',
    message: /Stage 'Build' has more than one action named 'Job'/,
  },
  {
    name: 'runOrder 0',
    declaration: () => pipeline([sourceStage, buildStage('Build', [codeBuild('Job', ['Src'], [], { runOrder: 0 })])]),
    code: 'ValidationException',
    message: /runOrder 0 of action 'Job' in stage 'Build' is out of range; it must be between 1 and 999/,
  },
  {
    name: 'runOrder 1000',
    declaration: () => pipeline([sourceStage, buildStage('Build', [codeBuild('Job', ['Src'], [], { runOrder: 1000 })])]),
    code: 'ValidationException',
    message: /runOrder 1000 .* between 1 and 999/,
  },
];

describe('pipeline structure, stages and blockers', () => {
  it.each(cases)('refuses $name', ({ declaration, code, message }) => {
    const error = refusalOf(declaration());
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('accepts the same action name in different stages, and 50 stages of 10 actions', () => {
    const stages = [sourceStage, ...Array.from({ length: 49 }, (_, s) => buildStage(`B${s}`, Array.from({ length: 10 }, (_, a) => codeBuild(`J${a}`, ['Src']))))];
    expect(validatePipelineDeclaration(pipeline(stages), declarationContext()).stages).toHaveLength(50);
    expect(validatePipelineDeclaration(sourceAndBuild(), declarationContext()).stages).toHaveLength(2);
  });
});
