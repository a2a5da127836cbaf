import type { Node } from 'yaml';

/**
 * Keys a buildspec has that CodeBuild does not know. CodeBuild does not refuse them: it runs the build
 * and warns at its start, as in this log of a real build (aws/aws-toolkit-vscode#4008):
 *
 *     Found possible syntax errors in buildspec:
 *     In the section BUILD
 *         The following keys cannot be identified:
 *             env
 *
 * Sections are named by the phase (BUILD, PRE_BUILD…) as there; elsewhere by the path of the mapping
 * in upper case (ENV, ARTIFACTS, REPORTS.UNIT…), and ROOT for the top level.
 */
export class UnknownKeys {
  private readonly sections = new Map<string, string[]>();

  /** The callback for YamlReader.entries that records keys of the mapping at `path`. */
  at(path: string): (key: string, keyNode: Node) => void {
    return (key) => {
      const section = sectionName(path);
      const keys = this.sections.get(section) ?? [];
      keys.push(key);
      this.sections.set(section, keys);
    };
  }

  /** The warning's lines, as CodeBuild writes them; none when every key was known. */
  warning(): string[] {
    if (this.sections.size === 0) return [];
    const lines = ['Found possible syntax errors in buildspec:'];
    for (const [section, keys] of this.sections) {
      lines.push(`In the section ${section}`, '\tThe following keys cannot be identified:', ...keys.map((key) => `\t\t${key}`));
    }
    return lines;
  }
}

const phaseSections: Record<string, string> = {
  'phases.install': 'INSTALL',
  'phases.pre_build': 'PRE_BUILD',
  'phases.build': 'BUILD',
  'phases.post_build': 'POST_BUILD',
};

function sectionName(path: string): string {
  if (path === '') return 'ROOT';
  return phaseSections[path] ?? path.toUpperCase();
}
