import { describe, expect, it } from 'vitest';
import { codeBuild, codeCommitSource, declarationContext, pipeline, refusalOf, type RefusalCase } from './test-kit/declarations.js';
import { validatePipelineDeclaration } from './validate-pipeline.js';

const withNamespaces = (source: string | undefined, build: string | undefined) =>
  pipeline([
    { name: 'Source', actions: [codeCommitSource('Checkout', 'Src', source !== undefined ? { namespace: source } : {})] },
    { name: 'Build', actions: [codeBuild('Compile', ['Src'], ['Bin'], build !== undefined ? { namespace: build } : {})] },
  ]);

const cases: RefusalCase[] = [
  {
    name: 'one namespace on two actions',
    declaration: () => withNamespaces('Vars', 'Vars'),
    code: 'InvalidActionDeclarationException',
    message: /namespace Vars of action 'Compile' in stage 'Build' is already declared by action 'Checkout' in stage 'Source'/,
  },
  {
    name: 'a namespace named like an artifact',
    declaration: () => withNamespaces(undefined, 'Src'),
    code: 'InvalidActionDeclarationException',
    message: /namespace Src of action 'Compile' in stage 'Build' is also the name of an artifact/,
  },
  {
    name: 'the reserved namespace codepipeline',
    declaration: () => withNamespaces('codepipeline', undefined),
    code: 'InvalidActionDeclarationException',
    message: /namespace codepipeline of action 'Checkout' in stage 'Source' is reserved/,
  },
  {
    name: 'the reserved namespace variables',
    declaration: () => withNamespaces(undefined, 'variables'),
    code: 'InvalidActionDeclarationException',
    message: /namespace variables of action 'Compile' in stage 'Build' is reserved/,
  },
];

describe('variable namespaces', () => {
  it.each(cases)('refuses $name', ({ declaration, code, message }) => {
    const error = refusalOf(declaration());
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('accepts distinct namespaces, case-sensitively distinct from artifact names', () => {
    expect(validatePipelineDeclaration(withNamespaces('SourceVariables', 'bin'), declarationContext()).stages[1]?.actions[0]?.namespace).toBe('bin');
  });
});
