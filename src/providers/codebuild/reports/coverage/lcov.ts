import lcovParse from 'lcov-parse';
import type { FileCoverage } from './file-coverage.js';

/**
 * LCOV tracefiles (`lcov.info`: `SF:`, `DA:`, `BRDA:`, `LF`/`LH`, `BRF`/`BRH`, `end_of_record`), read
 * with lcov-parse. Its string entry point only: the one that takes a path would read any file named by
 * the content. The found/hit totals are taken when written, else counted from the details.
 */
export async function parseLcov(content: string): Promise<FileCoverage[]> {
  if (!/^SF:/m.test(content)) throw new Error('not LCOV: no SF: record');
  const records = await new Promise<lcovParse.LcovFile[]>((resolve, reject) => {
    lcovParse.source(content, (error, data) => (error !== null || data === undefined ? reject(new Error(error ?? 'not LCOV')) : resolve(data)));
  });
  return records.map((record) => {
    const linesFound = record.lines.found > 0 ? record.lines.found : record.lines.details.length;
    const linesHit = record.lines.found > 0 ? record.lines.hit : record.lines.details.filter((line) => line.hit > 0).length;
    const branchesFound = record.branches.found > 0 ? record.branches.found : record.branches.details.length;
    const branchesHit = record.branches.found > 0 ? record.branches.hit : record.branches.details.filter((branch) => branch.taken > 0).length;
    return {
      filePath: record.file,
      linesCovered: linesHit,
      linesMissed: Math.max(0, linesFound - linesHit),
      branchesCovered: branchesHit,
      branchesMissed: Math.max(0, branchesFound - branchesHit),
    };
  });
}
