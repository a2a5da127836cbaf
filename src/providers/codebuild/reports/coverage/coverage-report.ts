import type { CoverageCounts, CoverageReport, CoverageReportFormat } from '../../../../core/contracts/test-report.js';
import { parseClover } from './clover.js';
import { parseCobertura } from './cobertura.js';
import type { FileCoverage } from './file-coverage.js';
import { parseJaCoCo } from './jacoco.js';
import { parseLcov } from './lcov.js';
import { parseSimpleCov } from './simplecov.js';

export const coverageParsers: Record<CoverageReportFormat, (content: string) => FileCoverage[] | Promise<FileCoverage[]>> = {
  CLOVERXML: parseClover,
  COBERTURAXML: parseCobertura,
  JACOCOXML: parseJaCoCo,
  SIMPLECOV: parseSimpleCov,
  LCOVINFO: parseLcov,
};

/** A report keeps this many files; its summary counts them all. */
const keptFiles = 5_000;

/** The report of a group from the files its result files cover (a file in two results counts once: the later wins). */
export function coverageReport(group: string, format: CoverageReportFormat, covered: readonly FileCoverage[]): CoverageReport {
  const byPath = new Map(covered.map((file) => [file.filePath, file]));
  const files = [...byPath.values()].sort((a, b) => a.filePath.localeCompare(b.filePath));
  const total = files.reduce(
    (sum, file) => ({
      filePath: '',
      linesCovered: sum.linesCovered + file.linesCovered,
      linesMissed: sum.linesMissed + file.linesMissed,
      branchesCovered: sum.branchesCovered + file.branchesCovered,
      branchesMissed: sum.branchesMissed + file.branchesMissed,
    }),
    { filePath: '', linesCovered: 0, linesMissed: 0, branchesCovered: 0, branchesMissed: 0 },
  );
  const truncated = files.length > keptFiles;
  return {
    type: 'CODE_COVERAGE',
    reportGroup: group,
    format,
    summary: counts(total),
    files: files.slice(0, keptFiles).map((file) => ({ filePath: file.filePath, ...counts(file) })),
    ...(truncated ? { truncated } : {}),
  };
}

function counts(file: FileCoverage): CoverageCounts {
  return {
    lineCoveragePercentage: percentage(file.linesCovered, file.linesMissed),
    linesCovered: file.linesCovered,
    linesMissed: file.linesMissed,
    branchCoveragePercentage: percentage(file.branchesCovered, file.branchesMissed),
    branchesCovered: file.branchesCovered,
    branchesMissed: file.branchesMissed,
  };
}

function percentage(covered: number, missed: number): number {
  const total = covered + missed;
  return total === 0 ? 0 : Math.round((covered / total) * 10_000) / 100;
}
