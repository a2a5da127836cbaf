import { readFile, stat } from 'node:fs/promises';
import type { ActionLog } from '../../../core/contracts/action-log.js';
import type { BuildReport, CoverageReportFormat, TestCaseResult, TestReport, TestReportFormat, TestReportTotals } from '../../../core/contracts/test-report.js';
import { coverageParsers, coverageReport } from './coverage/coverage-report.js';
import type { FileCoverage } from './coverage/file-coverage.js';
import type { ReportSpec } from '../buildspec/types.js';
import { expandVariables } from '../environment/expand-variables.js';
import { selectFiles } from '../outputs/select-files.js';
import { parseCucumber } from './cucumber.js';
import { parseJUnit } from './junit.js';
import { parseNUnit2, parseNUnit3 } from './nunit.js';
import type { ParsedTestCase } from './test-cases.js';
import { parseTestNg } from './testng.js';
import { parseTrx } from './trx.js';

const parsers: Record<TestReportFormat, (content: string) => ParsedTestCase[]> = {
  JUNITXML: parseJUnit,
  NUNITXML: parseNUnit2,
  NUNIT3XML: parseNUnit3,
  TESTNGXML: parseTestNg,
  VISUALSTUDIOTRX: parseTrx,
  CUCUMBERJSON: parseCucumber,
};

/** A report keeps this many test cases; its totals count them all. */
const keptTestCases = 10_000;
/** Result files larger than this are not read. */
const largestFile = 64 * 1024 * 1024;

/**
 * Reads the test reports of the buildspec's `reports`: each group's files, parsed by its format, into
 * one report per group. A file that cannot be read or parsed is skipped and said in the log (the
 * report shows what could be read); a group with no files gives no report. CodeBuild's variables in
 * `files` and `base-directory` are expanded with the environment the build ended with.
 */
export async function collectReports(specs: readonly ReportSpec[], srcDir: string, log: ActionLog, env: Readonly<Record<string, string>> = {}): Promise<BuildReport[]> {
  const reports: BuildReport[] = [];
  for (const spec of specs) {
    const group = reportGroupName(spec.group);
    const { files, problems } = await selectFiles({
      srcDir,
      files: spec.files.map((file) => expandVariables(file, env)),
      ...(spec.baseDirectory !== undefined ? { baseDirectory: expandVariables(spec.baseDirectory, env) } : {}),
      discardPaths: spec.discardPaths,
    });
    for (const problem of problems) log.line('system', `Report group ${group}: ${problem}`);
    if (files.length === 0) {
      log.line('system', `Report group ${group}: no report files found`);
      continue;
    }
    if (isCoverageFormat(spec.format)) {
      reports.push(await readCoverage(group, spec.format, files, log));
      continue;
    }
    const format = spec.format;
    const cases: TestCaseResult[] = [];
    for (const file of files) {
      try {
        if ((await stat(file.source)).size > largestFile) throw new Error(`larger than ${largestFile} bytes`);
        const parsed = parsers[format](await readFile(file.source, 'utf8'));
        for (const parsedCase of parsed) cases.push({ ...parsedCase, file: file.path });
      } catch (error) {
        log.line('system', `Report group ${group}: skipping ${file.path}: ${(error as Error).message}`);
      }
    }
    const report = toReport(group, format, cases);
    reports.push(report);
    const { totals } = report;
    log.line('system', `Report group ${group}: ${totals.total} tests, ${totals.passed} passed, ${totals.failed} failed, ${totals.errored} errors, ${totals.skipped} skipped`);
  }
  return reports;
}

function isCoverageFormat(format: ReportSpec['format']): format is CoverageReportFormat {
  return Object.hasOwn(coverageParsers, format);
}

/** A coverage report group: every file's coverage, the line and branch rates said in the log. */
async function readCoverage(group: string, format: CoverageReportFormat, files: readonly { source: string; path: string }[], log: ActionLog): Promise<BuildReport> {
  const covered: FileCoverage[] = [];
  for (const file of files) {
    try {
      if ((await stat(file.source)).size > largestFile) throw new Error(`larger than ${largestFile} bytes`);
      covered.push(...(await coverageParsers[format](await readFile(file.source, 'utf8'))));
    } catch (error) {
      log.line('system', `Report group ${group}: skipping ${file.path}: ${(error as Error).message}`);
    }
  }
  const report = coverageReport(group, format, covered);
  const { summary } = report;
  log.line(
    'system',
    `Report group ${group}: line coverage ${summary.lineCoveragePercentage}% (${summary.linesCovered} of ${summary.linesCovered + summary.linesMissed} lines), ` +
      `branch coverage ${summary.branchCoveragePercentage}% (${summary.branchesCovered} of ${summary.branchesCovered + summary.branchesMissed} branches)`,
  );
  return report;
}

function toReport(group: string, format: TestReportFormat, cases: TestCaseResult[]): TestReport {
  const totals: TestReportTotals = { total: cases.length, passed: 0, failed: 0, skipped: 0, errored: 0, unknown: 0 };
  let durationMs = 0;
  for (const testCase of cases) {
    durationMs += testCase.durationMs ?? 0;
    if (testCase.status === 'SUCCEEDED') totals.passed++;
    else if (testCase.status === 'FAILED') totals.failed++;
    else if (testCase.status === 'SKIPPED') totals.skipped++;
    else if (testCase.status === 'ERROR') totals.errored++;
    else totals.unknown++;
  }
  const truncated = cases.length > keptTestCases;
  return { reportGroup: group, format, totals, durationMs, testCases: truncated ? cases.slice(0, keptTestCases) : cases, ...(truncated ? { truncated } : {}) };
}

/** A report group ARN (`arn:aws:codebuild:…:report-group/<name>`) names its group by the part after the slash. */
function reportGroupName(group: string): string {
  return group.startsWith('arn:') && group.includes(':report-group/') ? group.slice(group.indexOf(':report-group/') + ':report-group/'.length) : group;
}
