import type { TestCaseStatus } from '../../../core/contracts/test-report.js';
import { attribute, children, descendants, parseXml, text } from './xml.js';
import { testCase, type ParsedTestCase } from './test-cases.js';

/** TestNG (`<testng-results>`): the `<test-method>`s of each `<class>`, configuration methods left out. */
export function parseTestNg(content: string): ParsedTestCase[] {
  const root = parseXml(content);
  if (root['testng-results'] === undefined) throw new Error('not TestNG XML: no <testng-results> element');
  const cases: ParsedTestCase[] = [];
  for (const testClass of descendants(root, 'class')) {
    for (const method of children(testClass, 'test-method')) {
      if (attribute(method, 'is-config') === 'true') continue;
      const status: TestCaseStatus = ({ PASS: 'SUCCEEDED', FAIL: 'FAILED', SKIP: 'SKIPPED' } as const)[attribute(method, 'status') ?? ''] ?? 'UNKNOWN';
      const duration = Number(attribute(method, 'duration-ms'));
      const exception = children(method, 'exception')[0];
      cases.push(
        testCase({
          name: attribute(method, 'name') ?? '(unnamed)',
          prefix: attribute(testClass, 'name'),
          status,
          durationMs: Number.isFinite(duration) ? duration : undefined,
          message: exception === undefined ? undefined : (text(children(exception, 'message')[0]) ?? attribute(exception, 'class')),
        }),
      );
    }
  }
  return cases;
}
