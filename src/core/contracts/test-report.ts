/**
 * A test report of a build, as CodeBuild's report groups keep them: one report per report group of the
 * buildspec's `reports` section, read from the test result files the build wrote (JUnit XML and the
 * other formats CodeBuild accepts). A build's outcome carries its reports; the engine stores them.
 */
export const testReportFormats = ['JUNITXML', 'CUCUMBERJSON', 'NUNITXML', 'NUNIT3XML', 'TESTNGXML', 'VISUALSTUDIOTRX'] as const;
export type TestReportFormat = (typeof testReportFormats)[number];

/** CodeBuild's test case statuses. */
export const testCaseStatuses = ['SUCCEEDED', 'FAILED', 'ERROR', 'SKIPPED', 'UNKNOWN'] as const;
export type TestCaseStatus = (typeof testCaseStatuses)[number];

export interface TestReport {
  /** The report group: the key under `reports` (a name, or the name part of a report group ARN). */
  reportGroup: string;
  format: TestReportFormat;
  totals: TestReportTotals;
  /** Sum of the test cases' durations, in milliseconds. */
  durationMs: number;
  testCases: TestCaseResult[];
  /** True when the report had more test cases than a report keeps; `totals` still count them all. */
  truncated?: boolean;
}

export interface TestReportTotals {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  errored: number;
  unknown: number;
}

export interface TestCaseResult {
  /** The test's name, prefixed as CodeBuild shows it (class or suite, then the test). */
  name: string;
  /** The class, suite or feature the test belongs to, when the format says. */
  prefix?: string;
  status: TestCaseStatus;
  durationMs?: number;
  /** The failure or skip message, cut to a few kilobytes. */
  message?: string;
  /** The result file the test case was read from, relative to the report's base directory. */
  file: string;
}
