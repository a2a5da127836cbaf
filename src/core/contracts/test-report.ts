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

/**
 * A code coverage report, as CodeBuild's report groups of type CODE_COVERAGE keep them: line and branch
 * rates of the whole report and of each file, read from Clover, Cobertura, JaCoCo or SimpleCov results
 * (and LCOV, which Pipewright reads too). Field names follow CodeBuild's CodeCoverageReportSummary and
 * CodeCoverage shapes; percentages are 0–100 with two decimals.
 */
export const coverageReportFormats = ['CLOVERXML', 'COBERTURAXML', 'JACOCOXML', 'SIMPLECOV', 'LCOVINFO'] as const;
export type CoverageReportFormat = (typeof coverageReportFormats)[number];

export interface CoverageReport {
  type: 'CODE_COVERAGE';
  reportGroup: string;
  format: CoverageReportFormat;
  summary: CoverageCounts;
  /** Per source file, by path; at most a report's worth (see `truncated`). */
  files: (CoverageCounts & { filePath: string })[];
  truncated?: boolean;
}

export interface CoverageCounts {
  lineCoveragePercentage: number;
  linesCovered: number;
  linesMissed: number;
  branchCoveragePercentage: number;
  branchesCovered: number;
  branchesMissed: number;
}

/** What a build reports: test reports and coverage reports, in the order of the buildspec's `reports`. */
export type BuildReport = TestReport | CoverageReport;

export function isCoverageReport(report: BuildReport): report is CoverageReport {
  return 'type' in report && report.type === 'CODE_COVERAGE';
}
