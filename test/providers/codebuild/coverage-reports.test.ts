import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isCoverageReport, type CoverageReportFormat } from '../../../src/core/contracts/test-report.js';
import { coverageParsers, coverageReport } from '../../../src/providers/codebuild/reports/coverage/coverage-report.js';
import { BuildKit } from './build-kit.js';

const fixtures = join(import.meta.dirname, 'fixtures', 'coverage');
const read = (file: string): string => readFileSync(join(fixtures, file), 'utf8');

/**
 * Coverage results written by the real tools, from public repositories (fixtures/coverage/SOURCE.md).
 * Each expectation is the file's own total where it carries one: JaCoCo's report-level LINE and BRANCH
 * counters, Cobertura's lines-covered/lines-valid and branches-covered/branches-valid, OpenClover's
 * project metrics, LCOV's LH/LF and BRH/BRF, SimpleCov 0.22's "total".
 */
describe('coverage results read as CodeBuild reads them (line and branch rates)', () => {
  it.each<[string, CoverageReportFormat, { lines: [number, number]; branches: [number, number]; files: number }]>([
    // <counter type="LINE" missed="12" covered="26"/>, <counter type="BRANCH" missed="3" covered="1"/>
    ['jacoco-0.8.3.xml', 'JACOCOXML', { lines: [26, 12], branches: [1, 3], files: 7 }],
    // lines-covered="24" lines-valid="36" branches-covered="1" branches-valid="4"
    ['cobertura-2.1.1.xml', 'COBERTURAXML', { lines: [24, 12], branches: [1, 3], files: 7 }],
    // <project><metrics statements="22" coveredstatements="15" conditionals="2" coveredconditionals="1">
    ['clover-openclover-4.3.1.xml', 'CLOVERXML', { lines: [15, 7], branches: [1, 1], files: 7 }],
    // Istanbul's Clover output, two of its files kept in the fixture: 11 statements, all covered.
    ['clover-istanbul.xml', 'CLOVERXML', { lines: [11, 0], branches: [0, 0], files: 2 }],
    // LH 9+3+15+24+24 of LF 16+6+15+33+38; BRH 1+2+1 of BRF 2+4+2
    ['lcov.info', 'LCOVINFO', { lines: [75, 33], branches: [4, 4], files: 5 }],
    // "total": lines covered 9 missed 1, branches covered 1 missed 1
    ['simplecov-coverage.json', 'SIMPLECOV', { lines: [9, 1], branches: [1, 1], files: 1 }],
    // The older .resultset.json: arrays of line counts per file (4+4 covered, 1 missed)
    ['simplecov-resultset.json', 'SIMPLECOV', { lines: [8, 1], branches: [0, 0], files: 2 }],
  ])('%s (%s)', async (file, format, expected) => {
    const report = coverageReport('group', format, await coverageParsers[format](read(file)));
    expect(report.summary).toMatchObject({
      linesCovered: expected.lines[0],
      linesMissed: expected.lines[1],
      branchesCovered: expected.branches[0],
      branchesMissed: expected.branches[1],
    });
    const lines = expected.lines[0] + expected.lines[1];
    expect(report.summary.lineCoveragePercentage).toBe(lines === 0 ? 0 : Math.round((expected.lines[0] / lines) * 10_000) / 100);
    expect(report.files).toHaveLength(expected.files);
  });

  it('gives per-file rates with the paths the format names', async () => {
    const report = coverageReport('g', 'COBERTURAXML', await coverageParsers.COBERTURAXML(read('cobertura-2.1.1.xml')));
    expect(report.files.map((file) => file.filePath)).toContain('test/AbstractClass.java');
    expect(report.files.find((file) => file.filePath === 'test/AbstractClass.java')?.lineCoveragePercentage).toBe(100);
  });

  it('refuses what is not the format, naming it', async () => {
    expect(() => coverageParsers.JACOCOXML(read('cobertura-2.1.1.xml'))).toThrow('not JaCoCo XML');
    await expect(coverageParsers.LCOVINFO('/etc/passwd')).rejects.toThrow('not LCOV');
    expect(() => coverageParsers.SIMPLECOV('[]')).toThrow('not SimpleCov JSON');
  });
});

describe('coverage report groups in a build', () => {
  let kit: BuildKit;
  beforeEach(async () => {
    kit = await BuildKit.open();
  });
  afterEach(async () => {
    await kit.dispose();
  });

  it('reads each coverage group with its format and says the rates in the log, beside a test report', async () => {
    const job = kit.job({ Source: { 'reports/jacoco.xml': read('jacoco-0.8.3.xml'), 'reports/lcov.info': read('lcov.info'), 'reports/junit.xml': '<testsuite name="s" tests="1"><testcase classname="c" name="t"/></testsuite>' } });
    const result = await job.run(`
version: 0.2
phases:
  build:
    commands: [ls reports]
reports:
  unit:
    files: [reports/junit.xml]
  jacoco-report:
    files: ['reports/jacoco.xml']
    file-format: 'JACOCOXML'
  js-coverage:
    files: lcov.info
    base-directory: reports
    file-format: LCOVINFO
`);
    expect(result.status).toBe('SUCCEEDED');
    const coverage = result.reports.filter(isCoverageReport);
    expect(coverage.map((report) => [report.reportGroup, report.format, report.summary.lineCoveragePercentage, report.summary.branchCoveragePercentage])).toEqual([
      ['jacoco-report', 'JACOCOXML', 68.42, 25],
      ['js-coverage', 'LCOVINFO', 69.44, 50],
    ]);
    expect(result.reports.filter((report) => !isCoverageReport(report)).map((report) => report.reportGroup)).toEqual(['unit']);
    const system = await job.system();
    expect(system).toContain('Report group jacoco-report: line coverage 68.42% (26 of 38 lines), branch coverage 25% (1 of 4 branches)');
    expect(system).toContain('Note: report group js-coverage: LCOVINFO is read by Pipewright only; CodeBuild does not accept it');
  });
});
