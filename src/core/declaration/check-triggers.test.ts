import { describe, expect, it } from 'vitest';
import { codeBuild, codeCommitSource, connectionSource, declarationContext, pipeline, refusalOf, type RefusalCase } from './test-kit/declarations.js';
import type { GitConfiguration, PipelineDeclaration, PipelineTriggerDeclaration } from './types.js';
import { validatePipelineDeclaration } from './validate-pipeline.js';

function withTriggers(...triggers: PipelineTriggerDeclaration[]): PipelineDeclaration {
  return pipeline(
    [
      { name: 'Source', actions: [connectionSource('App', 'AppSrc'), connectionSource('Lib', 'LibSrc'), codeCommitSource('Config', 'ConfigSrc')] },
      { name: 'Build', actions: [codeBuild('Compile', ['AppSrc', 'LibSrc', 'ConfigSrc'])] },
    ],
    { pipelineType: 'V2', triggers },
  );
}

const trigger = (gitConfiguration: GitConfiguration): PipelineTriggerDeclaration => ({ providerType: 'CodeStarSourceConnection', gitConfiguration });
const main = { includes: ['main'] };

const cases: RefusalCase[] = [
  {
    name: 'a trigger on an action that does not exist',
    declaration: () => withTriggers(trigger({ sourceActionName: 'Nope', push: [{ branches: main }] })),
    code: 'InvalidStructureException',
    message: /names the source action Nope, but the first stage has no action of that name/,
  },
  {
    name: 'a trigger on a CodeCommit source',
    declaration: () => withTriggers(trigger({ sourceActionName: 'Config', push: [{ branches: main }] })),
    code: 'InvalidStructureException',
    message: /source action Config, whose provider is CodeCommit; triggers only work with CodeStarSourceConnection/,
  },
  {
    name: 'two triggers on one source action',
    declaration: () => withTriggers(trigger({ sourceActionName: 'App', push: [{ branches: main }] }), trigger({ sourceActionName: 'App', pullRequest: [{ branches: main }] })),
    code: 'InvalidStructureException',
    message: /More than one trigger names the source action App/,
  },
  {
    name: 'a trigger without filters',
    declaration: () => withTriggers(trigger({ sourceActionName: 'App' })),
    code: 'InvalidStructureException',
    message: /The trigger of source action App declares neither push nor pullRequest filters/,
  },
  {
    name: 'a push filter on tags and branches',
    declaration: () => withTriggers(trigger({ sourceActionName: 'App', push: [{ tags: { includes: ['v*'] }, branches: main }] })),
    code: 'InvalidStructureException',
    message: /push filter 1 of the trigger of source action App combines tags with branches or filePaths/,
  },
  {
    name: 'a push filter on tags and filePaths',
    declaration: () => withTriggers(trigger({ sourceActionName: 'App', push: [{ tags: { includes: ['v*'] }, filePaths: { includes: ['src/**'] } }] })),
    code: 'InvalidStructureException',
    message: /combines tags with branches or filePaths/,
  },
  {
    name: 'a push filter on filePaths alone',
    declaration: () => withTriggers(trigger({ sourceActionName: 'App', push: [{ branches: main }, { filePaths: { includes: ['src/**'] } }] })),
    code: 'InvalidStructureException',
    message: /push filter 2 of the trigger of source action App has filePaths without branches/,
  },
  {
    name: 'an empty push filter',
    declaration: () => withTriggers(trigger({ sourceActionName: 'App', push: [{}] })),
    code: 'InvalidStructureException',
    message: /push filter 1 .* has no criteria/,
  },
  {
    name: 'a pull request filter without branches',
    declaration: () => withTriggers(trigger({ sourceActionName: 'Lib', pullRequest: [{ events: ['OPEN'], filePaths: { includes: ['src/**'] } }] })),
    code: 'InvalidStructureException',
    message: /pullRequest filter 1 of the trigger of source action Lib has no branches/,
  },
  {
    name: 'a pull request filter repeating an event',
    declaration: () => withTriggers(trigger({ sourceActionName: 'Lib', pullRequest: [{ events: ['OPEN', 'OPEN'], branches: main }] })),
    code: 'InvalidStructureException',
    message: /lists the event OPEN more than once/,
  },
  {
    name: 'criteria without includes or excludes',
    declaration: () => withTriggers(trigger({ sourceActionName: 'App', push: [{ branches: {} }] })),
    code: 'InvalidStructureException',
    message: /branches of the push filter 1 of the trigger of source action App declare neither includes nor excludes/,
  },
  {
    name: 'four push filters',
    declaration: () => withTriggers(trigger({ sourceActionName: 'App', push: [{ branches: main }, { branches: main }, { branches: main }, { branches: main }] })),
    code: 'ValidationException',
    message: /lists 4 push filters; 1 to 3 are allowed/,
  },
  {
    name: 'nine include patterns',
    declaration: () => withTriggers(trigger({ sourceActionName: 'App', push: [{ branches: { includes: Array.from({ length: 9 }, (_, index) => `b${index}`) } }] })),
    code: 'ValidationException',
    message: /includes of the branches of the push filter 1 .* list 9 patterns; 1 to 8 are allowed/,
  },
  {
    name: 'more than 50 triggers',
    declaration: () => withTriggers(...Array.from({ length: 51 }, (_, index) => trigger({ sourceActionName: `S${index}`, push: [{ branches: main }] }))),
    code: 'ValidationException',
    message: /declares 51 triggers; at most 50/,
  },
];

describe('triggers', () => {
  it.each(cases)('refuses $name', ({ declaration, code, message }) => {
    const error = refusalOf(declaration());
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('accepts every valid filter combination, one trigger per connection source', () => {
    const declaration = withTriggers(
      trigger({
        sourceActionName: 'App',
        push: [{ tags: { includes: ['v*'], excludes: ['v0*'] } }, { branches: main }, { branches: { excludes: ['wip/*'] }, filePaths: { includes: ['src/**'] } }],
      }),
      trigger({
        sourceActionName: 'Lib',
        pullRequest: [{ events: ['OPEN', 'UPDATED'], branches: main }, { branches: main, filePaths: { excludes: ['docs/**'] } }],
      }),
    );
    expect(validatePipelineDeclaration(declaration, declarationContext()).triggers).toHaveLength(2);
  });
});
