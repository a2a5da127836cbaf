import type { ParameterRecord } from '../../core/contracts/store.js';
import { PipewrightError } from '../../core/errors/index.js';

/**
 * DescribeParameters' filters as a table: each key with the options it takes and the test it makes.
 * `Filters` (the older form: Name, Type, KeyId with values) is read as `ParameterFilters` with Equals.
 */
type Test = (parameter: ParameterRecord, option: string, values: string[]) => boolean;

const filters: Record<string, { options: string[]; defaultOption: string; test: Test }> = {
  Name: {
    options: ['Equals', 'BeginsWith', 'Contains'],
    defaultOption: 'Equals',
    test: (p, option, values) =>
      values.some((value) => (option === 'Equals' ? p.name === value : option === 'BeginsWith' ? p.name.startsWith(value) : p.name.includes(value))),
  },
  Type: { options: ['Equals'], defaultOption: 'Equals', test: (p, _option, values) => values.includes(p.type) },
  Path: {
    options: ['OneLevel', 'Recursive'],
    defaultOption: 'OneLevel',
    test: (p, option, values) =>
      values.some((value) => {
        const prefix = value.endsWith('/') ? value : `${value}/`;
        if (!p.name.startsWith(prefix)) return false;
        return option === 'Recursive' || !p.name.slice(prefix.length).includes('/');
      }),
  },
};

export interface ParameterFilter {
  Key: string;
  Option?: string;
  Values?: string[];
}

/** A test for every filter given, or InvalidFilterKey / InvalidFilterOption as SSM refuses them. */
export function parameterFilter(given: ParameterFilter[]): (parameter: ParameterRecord) => boolean {
  const tests = given.map((filter) => {
    const rule = filters[filter.Key];
    if (rule === undefined) throw new PipewrightError('InvalidFilterKey', `The filter key ${filter.Key} isn't valid. Valid keys: ${Object.keys(filters).join(', ')}.`);
    const option = filter.Option ?? rule.defaultOption;
    if (!rule.options.includes(option)) {
      throw new PipewrightError('ValidationException', `The following filter option is not valid: ${option}. Valid options include: [${rule.options.join(', ')}].`);
    }
    const values = filter.Values ?? [];
    return (parameter: ParameterRecord) => rule.test(parameter, option, values);
  });
  return (parameter) => tests.every((test) => test(parameter));
}
