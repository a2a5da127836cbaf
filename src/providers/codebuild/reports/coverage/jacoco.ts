import { attribute, children, descendants, parseXml } from '../xml.js';
import { count, type FileCoverage } from './file-coverage.js';

/**
 * JaCoCo XML (`<report><package name><sourcefile name>`): each source file's LINE and BRANCH counters
 * (`missed`, `covered`); its path is the package's name and the file's.
 */
export function parseJaCoCo(content: string): FileCoverage[] {
  const root = parseXml(content);
  const report = children(root, 'report')[0];
  if (report === undefined) throw new Error('not JaCoCo XML: no <report> element');
  const files: FileCoverage[] = [];
  for (const packageElement of descendants(report, 'package')) {
    const packageName = attribute(packageElement, 'name') ?? '';
    for (const sourceFile of children(packageElement, 'sourcefile')) {
      const counters = new Map(children(sourceFile, 'counter').map((counter) => [attribute(counter, 'type'), counter]));
      const line = counters.get('LINE');
      const branch = counters.get('BRANCH');
      const name = attribute(sourceFile, 'name') ?? '(unnamed)';
      files.push({
        filePath: packageName === '' ? name : `${packageName}/${name}`,
        linesCovered: count(attribute(line, 'covered')),
        linesMissed: count(attribute(line, 'missed')),
        branchesCovered: count(attribute(branch, 'covered')),
        branchesMissed: count(attribute(branch, 'missed')),
      });
    }
  }
  return files;
}
