import type { TestCaseStatus } from '../../../core/contracts/test-report.js';
import { testCase, type ParsedTestCase } from './test-cases.js';

/**
 * Cucumber JSON: a list of features, each with scenarios (`elements`) made of steps. A scenario failed
 * if a step failed, was skipped if a step did not run (skipped, pending, undefined), passed otherwise.
 */
export function parseCucumber(content: string): ParsedTestCase[] {
  const features: unknown = JSON.parse(content);
  if (!Array.isArray(features)) throw new Error('not Cucumber JSON: the top level is not a list of features');
  const cases: ParsedTestCase[] = [];
  for (const feature of features as unknown[]) {
    const featureName = stringField(feature, 'name');
    for (const scenario of listField(feature, 'elements')) {
      if (stringField(scenario, 'type') === 'background') continue;
      const steps = listField(scenario, 'steps').map((step) => (typeof step === 'object' && step !== null ? (step as Record<string, unknown>).result : undefined));
      const statuses = steps.map((result) => stringField(result, 'status') ?? 'undefined');
      const status: TestCaseStatus =
        steps.length === 0 ? 'UNKNOWN' : statuses.includes('failed') ? 'FAILED' : statuses.every((s) => s === 'passed') ? 'SUCCEEDED' : 'SKIPPED';
      // Step durations are nanoseconds.
      const nanos = steps.reduce<number>((sum, result) => sum + (numberField(result, 'duration') ?? 0), 0);
      const failed = steps.find((result) => stringField(result, 'status') === 'failed');
      cases.push(
        testCase({
          name: stringField(scenario, 'name') ?? '(unnamed)',
          prefix: featureName,
          status,
          durationMs: Math.round(nanos / 1e6),
          message: stringField(failed, 'error_message'),
        }),
      );
    }
  }
  return cases;
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function stringField(value: unknown, name: string): string | undefined {
  const found = field(value, name);
  return typeof found === 'string' ? found : undefined;
}

function numberField(value: unknown, name: string): number | undefined {
  const found = field(value, name);
  return typeof found === 'number' && Number.isFinite(found) ? found : undefined;
}

function listField(value: unknown, name: string): unknown[] {
  const found = field(value, name);
  return Array.isArray(found) ? (found as unknown[]) : [];
}
