import { describe, expect, it } from 'vitest';
import { codeBuild, declarationContext, refusalOf, sourceAndBuild, type RefusalCase } from './test-kit/declarations.js';
import type { PipelineDeclaration } from './types.js';
import { validatePipelineDeclaration } from './validate-pipeline.js';

const store = { type: 'S3' as const, location: 'artifacts' };

function withCrossRegionBuild(extra: Partial<PipelineDeclaration>): PipelineDeclaration {
  const base = sourceAndBuild(extra);
  return { ...base, stages: [base.stages[0]!, { name: 'Build', actions: [codeBuild('Compile', ['Src'], [], { region: 'eu-west-1' })] }] };
}

const cases: RefusalCase[] = [
  {
    name: 'both artifactStore and artifactStores',
    declaration: () => sourceAndBuild({ artifactStores: { 'us-east-1': store } }),
    code: 'InvalidStructureException',
    message: /declares both artifactStore and artifactStores/,
  },
  {
    name: 'neither artifactStore nor artifactStores',
    declaration: () => ({ ...sourceAndBuild(), artifactStore: undefined }),
    code: 'InvalidStructureException',
    message: /declares neither artifactStore nor artifactStores/,
  },
  {
    name: 'a cross-region action with a single artifactStore',
    declaration: () => withCrossRegionBuild({}),
    code: 'InvalidStructureException',
    message: /Action 'Compile' in stage 'Build' runs in region eu-west-1, outside the pipeline's region us-east-1/,
  },
  {
    name: 'artifactStores without the pipeline region',
    declaration: () => withCrossRegionBuild({ artifactStore: undefined, artifactStores: { 'eu-west-1': store } }),
    code: 'InvalidStructureException',
    message: /artifactStores of pipeline app have no store for the pipeline's own region us-east-1/,
  },
  {
    name: 'artifactStores without an action region',
    declaration: () => withCrossRegionBuild({ artifactStore: undefined, artifactStores: { 'us-east-1': store, 'eu-central-1': store } }),
    code: 'InvalidStructureException',
    message: /Action 'Compile' in stage 'Build' runs in region eu-west-1, but artifactStores has no store for that region/,
  },
];

describe('artifact stores', () => {
  it.each(cases)('refuses $name', ({ declaration, code, message }) => {
    const error = refusalOf(declaration());
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('accepts a cross-region action when artifactStores covers every region', () => {
    const declaration = withCrossRegionBuild({ artifactStore: undefined, artifactStores: { 'us-east-1': store, 'eu-west-1': store } });
    expect(validatePipelineDeclaration(declaration, declarationContext()).artifactStores).toEqual({ 'us-east-1': store, 'eu-west-1': store });
  });

  it('accepts an action whose region is the pipeline region with a single store', () => {
    const declaration = { ...sourceAndBuild(), stages: [sourceAndBuild().stages[0]!, { name: 'Build', actions: [codeBuild('Compile', ['Src'], [], { region: 'us-east-1' })] }] };
    expect(validatePipelineDeclaration(declaration, declarationContext()).stages[1]?.actions[0]?.region).toBe('us-east-1');
  });
});
