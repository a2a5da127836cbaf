/** A test report a build produced (buildspec `reports`), as stored with its action execution. */
export interface TestReport {
  /** The report group name (or ARN) from the buildspec. */
  name: string;
  /** The file format, e.g. JUNITXML. */
  format: string;
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  errored: number;
  /** Milliseconds, when the format reports it. */
  durationMs?: number;
  cases: TestCase[];
}

export interface TestCase {
  name: string;
  suite?: string;
  status: 'SUCCEEDED' | 'FAILED' | 'SKIPPED' | 'ERROR';
  durationMs?: number;
  message?: string;
}
