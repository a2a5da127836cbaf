import type { TestCaseStatus } from '../../../core/contracts/test-report.js';
import { attribute, children, descendants, parseXml, secondsToMs, text, type XmlElement } from './xml.js';
import { testCase, type ParsedTestCase } from './test-cases.js';

/** NUnit 2 (`<test-results>`): `<test-case>` with `result` and `executed`. */
export function parseNUnit2(content: string): ParsedTestCase[] {
  const root = parseXml(content);
  if (root['test-results'] === undefined) throw new Error('not NUnit 2 XML: no <test-results> element');
  return descendants(root, 'test-case').map((element) => {
    const fullName = attribute(element, 'name') ?? '(unnamed)';
    const result = attribute(element, 'result') ?? '';
    const status: TestCaseStatus =
      attribute(element, 'executed') === 'False'
        ? 'SKIPPED'
        : ({ Success: 'SUCCEEDED', Failure: 'FAILED', Error: 'ERROR', NotRunnable: 'ERROR', Cancelled: 'ERROR', Ignored: 'SKIPPED', Skipped: 'SKIPPED' } as const)[result] ?? 'UNKNOWN';
    return testCase({ ...splitName(fullName), status, durationMs: secondsToMs(attribute(element, 'time')), message: messageOf(element) });
  });
}

/** NUnit 3 (`<test-run>`): `<test-case>` with `result` and, for errors, `label`. */
export function parseNUnit3(content: string): ParsedTestCase[] {
  const root = parseXml(content);
  if (root['test-run'] === undefined) throw new Error('not NUnit 3 XML: no <test-run> element');
  return descendants(root, 'test-case').map((element) => {
    const result = attribute(element, 'result') ?? '';
    const label = attribute(element, 'label') ?? '';
    const status: TestCaseStatus =
      result === 'Failed' && ['Error', 'Invalid', 'Cancelled'].includes(label)
        ? 'ERROR'
        : ({ Passed: 'SUCCEEDED', Failed: 'FAILED', Skipped: 'SKIPPED' } as const)[result] ?? 'UNKNOWN';
    const fullName = attribute(element, 'fullname') ?? attribute(element, 'name') ?? '(unnamed)';
    return testCase({
      name: attribute(element, 'name') ?? fullName,
      prefix: attribute(element, 'classname') ?? splitName(fullName).prefix,
      status,
      durationMs: secondsToMs(attribute(element, 'duration')),
      message: messageOf(element),
    });
  });
}

function messageOf(element: XmlElement): string | undefined {
  const holder = children(element, 'failure')[0] ?? children(element, 'reason')[0];
  if (holder === undefined) return undefined;
  return [text(children(holder, 'message')[0]), text(children(holder, 'stack-trace')[0])].filter((part) => part !== undefined).join('\n');
}

/** `Namespace.Class.Method` → prefix `Namespace.Class`, name `Method`. */
function splitName(fullName: string): { name: string; prefix?: string } {
  const dot = fullName.lastIndexOf('.', fullName.includes('(') ? fullName.indexOf('(') : undefined);
  return dot <= 0 ? { name: fullName } : { name: fullName.slice(dot + 1), prefix: fullName.slice(0, dot) };
}
