import { describe, expect, it } from 'vitest';
import { codeBuild, codeCommitSource, declarationContext, pipeline, refusalOf, type RefusalCase } from './test-kit/declarations.js';
import type { ActionDeclaration } from './types.js';
import { validatePipelineDeclaration } from './validate-pipeline.js';

const source = { name: 'Source', actions: [codeCommitSource('Checkout', 'Src')] };
const withBuildStage = (...actions: ActionDeclaration[]) => pipeline([source, { name: 'Build', actions }]);

const cases: RefusalCase[] = [
  {
    name: 'two actions with one output artifact name',
    declaration: () => withBuildStage(codeBuild('A', ['Src'], ['Bin']), codeBuild('B', ['Src'], ['Bin'])),
    code: 'InvalidActionDeclarationException',
    message: /Output artifact Bin of action 'B' in stage 'Build' is already an output of action 'A' in stage 'Build'/,
  },
  {
    name: 'an input artifact nobody produces',
    declaration: () => withBuildStage(codeBuild('A', ['Source'])),
    code: 'InvalidActionDeclarationException',
    message: /Input artifact Source of action 'A' in stage 'Build' is not declared as an output artifact of any action/,
  },
  {
    name: 'an input produced at the same runOrder',
    declaration: () => withBuildStage(codeBuild('A', ['Src'], ['Bin']), codeBuild('B', ['Bin'])),
    code: 'InvalidActionDeclarationException',
    message: /Input artifact Bin of action 'B' in stage 'Build' is produced by action 'A' in stage 'Build', which does not run before it/,
  },
  {
    name: 'an input produced at a higher runOrder',
    declaration: () => withBuildStage(codeBuild('A', ['Src'], ['Bin'], { runOrder: 3 }), codeBuild('B', ['Bin'], [], { runOrder: 2 })),
    code: 'InvalidActionDeclarationException',
    message: /produced by action 'A' in stage 'Build', which does not run before it/,
  },
  {
    name: 'an input produced in a later stage',
    declaration: () =>
      pipeline([source, { name: 'Test', actions: [codeBuild('T', ['Bin'])] }, { name: 'Build', actions: [codeBuild('A', ['Src'], ['Bin'])] }]),
    code: 'InvalidActionDeclarationException',
    message: /Input artifact Bin of action 'T' in stage 'Test' is produced by action 'A' in stage 'Build'/,
  },
  {
    name: 'one input artifact listed twice',
    declaration: () => withBuildStage(codeBuild('A', ['Src', 'Src'])),
    code: 'InvalidActionDeclarationException',
    message: /Action 'A' in stage 'Build' lists input artifact Src more than once/,
  },
];

describe('artifacts between actions', () => {
  it.each(cases)('refuses $name', ({ declaration, code, message }) => {
    const error = refusalOf(declaration());
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('accepts an input from a lower runOrder of the same stage, and from any earlier stage', () => {
    const declaration = pipeline([
      source,
      { name: 'Build', actions: [codeBuild('A', ['Src'], ['Bin'], { runOrder: 1 }), codeBuild('B', ['Bin', 'Src'], ['Pkg'], { runOrder: 2 })] },
      { name: 'Test', actions: [codeBuild('T', ['Pkg', 'Bin', 'Src'])] },
    ]);
    expect(validatePipelineDeclaration(declaration, declarationContext()).stages[2]?.actions[0]?.inputArtifacts).toHaveLength(3);
  });
});
