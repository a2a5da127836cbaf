import { attribute, children, descendants, parseXml } from '../xml.js';
import { count, emptyCoverage, type FileCoverage } from './file-coverage.js';

const conditionCoverage = /\((\d+)\/(\d+)\)/;

/**
 * Cobertura XML (`<coverage><packages><package><classes><class filename>`): lines by `hits`, branches
 * from a branch line's `condition-coverage="50% (1/2)"`. Classes of one file are one file; a line
 * listed twice (a class and its inner class) counts once.
 */
export function parseCobertura(content: string): FileCoverage[] {
  const root = parseXml(content);
  const coverage = children(root, 'coverage')[0];
  if (coverage === undefined) throw new Error('not Cobertura XML: no <coverage> element');
  const files = new Map<string, { lines: Map<string, boolean>; branches: Map<string, [number, number]> }>();
  for (const classElement of descendants(coverage, 'class')) {
    const filePath = attribute(classElement, 'filename') ?? attribute(classElement, 'name') ?? '(unnamed)';
    const file = files.get(filePath) ?? { lines: new Map(), branches: new Map() };
    files.set(filePath, file);
    for (const lines of children(classElement, 'lines')) {
      for (const line of children(lines, 'line')) {
        const number = attribute(line, 'number') ?? '';
        file.lines.set(number, (file.lines.get(number) ?? false) || count(attribute(line, 'hits')) > 0);
        const condition = conditionCoverage.exec(attribute(line, 'condition-coverage') ?? '');
        if (attribute(line, 'branch') === 'true' && condition !== null) file.branches.set(number, [Number(condition[1]), Number(condition[2])]);
      }
    }
  }
  return [...files].map(([filePath, file]) => {
    const result = emptyCoverage(filePath);
    for (const hit of file.lines.values()) {
      if (hit) result.linesCovered++;
      else result.linesMissed++;
    }
    for (const [covered, total] of file.branches.values()) {
      result.branchesCovered += covered;
      result.branchesMissed += Math.max(0, total - covered);
    }
    return result;
  });
}
