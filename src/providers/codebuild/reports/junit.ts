import { attribute, children, descendants, parseXml, secondsToMs, text, type XmlElement } from './xml.js';
import { testCase, type ParsedTestCase } from './test-cases.js';

/** JUnit XML (`<testsuites>` or a lone `<testsuite>`): every `<testcase>`, with failure, error or skipped. */
export function parseJUnit(content: string): ParsedTestCase[] {
  const root = parseXml(content);
  if (root.testsuites === undefined && root.testsuite === undefined) throw new Error('not JUnit XML: no <testsuites> or <testsuite> element');
  return descendants(root, 'testcase').map((element) => {
    const failure = children(element, 'failure')[0];
    const error = children(element, 'error')[0];
    const skipped = children(element, 'skipped')[0];
    const status = failure !== undefined ? 'FAILED' : error !== undefined ? 'ERROR' : skipped !== undefined ? 'SKIPPED' : 'SUCCEEDED';
    return testCase({
      name: attribute(element, 'name') ?? '(unnamed)',
      prefix: attribute(element, 'classname'),
      status,
      durationMs: secondsToMs(attribute(element, 'time')),
      message: messageOf(failure ?? error ?? skipped),
    });
  });
}

function messageOf(element: XmlElement | undefined): string | undefined {
  if (element === undefined) return undefined;
  const message = attribute(element, 'message');
  const details = text(element);
  return [message, details].filter((part) => part !== undefined).join('\n');
}
