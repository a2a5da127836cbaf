import { describe, expect, it } from 'vitest';
import { findVariableReferences, replaceVariableReferences } from './variable-references.js';

describe('variable references #{Namespace.Variable}', () => {
  it('finds every well-formed reference with its position', () => {
    expect(findVariableReferences('v#{SourceVariables.CommitId}-#{variables.STAGE}')).toEqual([
      { token: '#{SourceVariables.CommitId}', namespace: 'SourceVariables', variable: 'CommitId', index: 1 },
      { token: '#{variables.STAGE}', namespace: 'variables', variable: 'STAGE', index: 29 },
    ]);
    expect(findVariableReferences('#{a-b@c_d.x-y@z_1}')).toEqual([{ token: '#{a-b@c_d.x-y@z_1}', namespace: 'a-b@c_d', variable: 'x-y@z_1', index: 0 }]);
  });

  it.each(['plain text', '#{NoDot}', '#{a.b.c}', 'ruby -e "puts #{1+1}"', '#{ spaced.name }', '${Shell.Var}', '#{.x}', '#{x.}'])(
    'leaves %j literal',
    (text) => {
      expect(findVariableReferences(text)).toEqual([]);
    },
  );

  it('replaces what the resolver answers and keeps what it leaves undefined', () => {
    const resolved = replaceVariableReferences('#{codepipeline.PipelineExecutionId}/#{Build.Missing}/#{variables.X}', (reference) =>
      reference.namespace === 'Build' ? undefined : `[${reference.namespace}:${reference.variable}]`,
    );
    expect(resolved).toBe('[codepipeline:PipelineExecutionId]/#{Build.Missing}/[variables:X]');
  });
});
