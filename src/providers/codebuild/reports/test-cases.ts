import type { TestCaseResult, TestCaseStatus } from '../../../core/contracts/test-report.js';

/** A failure message long enough to be useful, short enough for a stored outcome. */
const longestMessage = 4000;

/** A test case as parsers give it; `file` is filled in by the collector. */
export type ParsedTestCase = Omit<TestCaseResult, 'file'>;

export function testCase(fields: { name: string; prefix?: string | undefined; status: TestCaseStatus; durationMs?: number | undefined; message?: string | undefined }): ParsedTestCase {
  const message = fields.message?.trim();
  return {
    name: fields.name,
    ...(fields.prefix !== undefined && fields.prefix !== '' ? { prefix: fields.prefix } : {}),
    status: fields.status,
    ...(fields.durationMs !== undefined ? { durationMs: fields.durationMs } : {}),
    ...(message !== undefined && message !== '' ? { message: message.length > longestMessage ? `${message.slice(0, longestMessage)}…` : message } : {}),
  };
}
