import type { TestCaseStatus } from '../../../core/contracts/test-report.js';
import { attribute, children, descendants, parseXml, text } from './xml.js';
import { testCase, type ParsedTestCase } from './test-cases.js';

/** Visual Studio TRX (`<TestRun>`): `<UnitTestResult>`s, their classes from `<TestDefinitions>`. */
export function parseTrx(content: string): ParsedTestCase[] {
  const root = parseXml(content);
  if (root.TestRun === undefined) throw new Error('not a TRX file: no <TestRun> element');
  const classes = new Map<string, string>();
  for (const test of descendants(root, 'UnitTest')) {
    const className = attribute(children(test, 'TestMethod')[0], 'className');
    const id = attribute(test, 'id');
    if (id !== undefined && className !== undefined) classes.set(id, className);
  }
  return descendants(root, 'UnitTestResult').map((result) => {
    const outcome = attribute(result, 'outcome') ?? '';
    const status: TestCaseStatus =
      (
        {
          Passed: 'SUCCEEDED',
          PassedButRunAborted: 'SUCCEEDED',
          Failed: 'FAILED',
          Error: 'ERROR',
          Timeout: 'ERROR',
          Aborted: 'ERROR',
          NotExecuted: 'SKIPPED',
          NotRunnable: 'SKIPPED',
        } as const
      )[outcome] ?? 'UNKNOWN';
    const errorInfo = children(children(result, 'Output')[0] ?? {}, 'ErrorInfo')[0];
    return testCase({
      name: attribute(result, 'testName') ?? '(unnamed)',
      prefix: classes.get(attribute(result, 'testId') ?? ''),
      status,
      durationMs: timeSpanToMs(attribute(result, 'duration')),
      message: errorInfo === undefined ? undefined : text(children(errorInfo, 'Message')[0]),
    });
  });
}

/** `hh:mm:ss.fffffff` → milliseconds. */
function timeSpanToMs(span: string | undefined): number | undefined {
  const match = span === undefined ? null : /^(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(span);
  if (match === null) return undefined;
  const [, hours, minutes, seconds] = match;
  return Math.round((Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds)) * 1000);
}
