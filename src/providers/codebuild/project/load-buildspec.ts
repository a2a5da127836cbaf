import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseBuildspec } from '../buildspec/parse-buildspec.js';
import type { Buildspec } from '../buildspec/types.js';
import { BuildConfigurationError } from '../configuration-error.js';
import type { BuildProject } from './build-project.js';

/** The project's buildspec: written in the project, or read from its path inside the primary source. */
export async function loadBuildspec(project: BuildProject, primary: { name: string; dir: string }): Promise<Buildspec> {
  if (project.buildspec.kind === 'inline') return project.buildspec.buildspec;
  const path = project.buildspec.path;
  let text: string;
  try {
    text = await readFile(resolve(primary.dir, path), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR') {
      const declared = project.file === undefined ? 'no build project is declared, so CodeBuild’s default is used' : `as project ${project.file} says`;
      throw new BuildConfigurationError(`YAML_FILE_ERROR: the buildspec ${path} does not exist in the primary source ${primary.name} (${declared})`);
    }
    throw error;
  }
  return parseBuildspec(text, path);
}
