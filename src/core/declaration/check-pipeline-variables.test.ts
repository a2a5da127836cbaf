import { describe, expect, it } from 'vitest';
import { refusalOf, sourceAndBuild, type RefusalCase } from './test-kit/declarations.js';

const cases: RefusalCase[] = [
  {
    name: 'two pipeline variables with one name',
    declaration: () => sourceAndBuild({ pipelineType: 'V2', variables: [{ name: 'X' }, { name: 'X', defaultValue: '1' }] }),
    code: 'InvalidStructureException',
    message: /declares the variable X more than once/,
  },
  {
    name: 'more than 50 pipeline variables',
    declaration: () => sourceAndBuild({ pipelineType: 'V2', variables: Array.from({ length: 51 }, (_, index) => ({ name: `V${index}` })) }),
    code: 'ValidationException',
    message: /declares 51 variables; at most 50/,
  },
  {
    name: 'a pipeline variable name with a dot',
    declaration: () => sourceAndBuild({ pipelineType: 'V2', variables: [{ name: 'a.b' }] }),
    code: 'ValidationException',
    message: /Pipeline variable name 'a\.b'/,
  },
  {
    name: 'an empty default value',
    declaration: () => sourceAndBuild({ pipelineType: 'V2', variables: [{ name: 'X', defaultValue: '' }] }),
    code: 'ValidationException',
    message: /default value of pipeline variable X must be 1 to 1000 characters/,
  },
];

describe('pipeline variables', () => {
  it.each(cases)('refuses $name', ({ declaration, code, message }) => {
    const error = refusalOf(declaration());
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });
});
