import { attribute, children, descendants, parseXml } from '../xml.js';
import { count, type FileCoverage } from './file-coverage.js';

/**
 * Clover XML (`<coverage><project>…<file>`): per file, its `<metrics>` (statements and conditionals,
 * covered of each), or, without them, its `<line>` elements (`type="stmt"` with `count`, `type="cond"`
 * with `truecount`/`falsecount`).
 */
export function parseClover(content: string): FileCoverage[] {
  const root = parseXml(content);
  const coverage = children(root, 'coverage')[0];
  if (coverage === undefined) throw new Error('not Clover XML: no <coverage> element');
  return descendants(coverage, 'file').map((file) => {
    const filePath = attribute(file, 'path') ?? attribute(file, 'name') ?? '(unnamed)';
    const metrics = children(file, 'metrics')[0];
    if (metrics !== undefined && attribute(metrics, 'statements') !== undefined) {
      const statements = count(attribute(metrics, 'statements'));
      const coveredStatements = count(attribute(metrics, 'coveredstatements'));
      const conditionals = count(attribute(metrics, 'conditionals'));
      const coveredConditionals = count(attribute(metrics, 'coveredconditionals'));
      return {
        filePath,
        linesCovered: coveredStatements,
        linesMissed: Math.max(0, statements - coveredStatements),
        branchesCovered: coveredConditionals,
        branchesMissed: Math.max(0, conditionals - coveredConditionals),
      };
    }
    const result: FileCoverage = { filePath, linesCovered: 0, linesMissed: 0, branchesCovered: 0, branchesMissed: 0 };
    for (const line of children(file, 'line')) {
      if (attribute(line, 'type') === 'cond') {
        // A condition has two branches: taken true, taken false.
        result.branchesCovered += (count(attribute(line, 'truecount')) > 0 ? 1 : 0) + (count(attribute(line, 'falsecount')) > 0 ? 1 : 0);
        result.branchesMissed += (count(attribute(line, 'truecount')) > 0 ? 0 : 1) + (count(attribute(line, 'falsecount')) > 0 ? 0 : 1);
      } else if (count(attribute(line, 'count')) > 0) result.linesCovered++;
      else result.linesMissed++;
    }
    return result;
  });
}
