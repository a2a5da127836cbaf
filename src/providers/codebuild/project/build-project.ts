import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { readBuildspec } from '../buildspec/parse-buildspec.js';
import type { Buildspec } from '../buildspec/types.js';
import { YamlReader } from '../buildspec/yaml-reader.js';
import { BuildConfigurationError } from '../configuration-error.js';
import { parseVariableList, type EnvironmentVariable } from '../environment/variables.js';
import { readProjectEnvironment, type ProjectEnvironment } from './project-environment.js';

/**
 * A build project declared in Pipewright, `<data-dir>/projects/<ProjectName>.yml` (or .yaml, .json):
 *
 * ```yaml
 * buildspec: ci/buildspec.yml          # a path inside the primary source, or
 * buildspec: |                         # a buildspec written inline (a text of several lines), or
 *   version: 0.2 …
 * buildspec:                           # a buildspec as a mapping, right here
 *   version: 0.2
 *   phases: …
 * environmentVariables:                # as CodeBuild's project environment: above the buildspec's
 *   - { name: STAGE, value: prod }     #   type PLAINTEXT (default), PARAMETER_STORE, SECRETS_MANAGER
 * timeoutInMinutes: 60                 # 5 to 2160, as CodeBuild allows
 * environment:                         # CodeBuild's ProjectEnvironment: the image runs the build in a
 *   image: aws/codebuild/standard:7.0  #   container engine that has it, else is noted (environment/build-image.ts)
 * serviceRole: arn:aws:iam::123456789012:role/build   # what the build's AWS calls run as (or a role name)
 * description: free text
 * ```
 *
 * Without a file, the project is CodeBuild's default: `buildspec.yml` at the root of the primary source.
 */
export interface BuildProject {
  name: string;
  buildspec: { kind: 'path'; path: string } | { kind: 'inline'; buildspec: Buildspec };
  environmentVariables: EnvironmentVariable[];
  timeoutInMinutes?: number;
  environment?: ProjectEnvironment;
  /** The project's service role, an ARN or a role name; without it the build runs as the action's or pipeline's role. */
  serviceRole?: string;
  /** The file it was read from; undefined for the default project. */
  file?: string;
}

const namePattern = /^[A-Za-z0-9][A-Za-z0-9\-_]{1,254}$/;
const extensions = ['.yml', '.yaml', '.json'];

export async function loadBuildProject(dataDir: string, name: string): Promise<BuildProject> {
  if (!namePattern.test(name)) {
    throw new BuildConfigurationError(`ProjectName '${name}' is not a valid project name (2 to 255 letters, digits, - and _, starting with a letter or digit)`);
  }
  for (const extension of extensions) {
    const file = join(dataDir, 'projects', `${name}${extension}`);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    return parseBuildProject(text, name, file);
  }
  return { name, buildspec: { kind: 'path', path: 'buildspec.yml' }, environmentVariables: [] };
}

export function parseBuildProject(text: string, name: string, file: string): BuildProject {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const syntax = document.errors[0];
  if (syntax !== undefined) {
    const { line, col } = lineCounter.linePos(syntax.pos[0]);
    throw new BuildConfigurationError(`${file} line ${line}, column ${col}: not valid YAML or JSON: ${syntax.message}`);
  }
  const reader = new YamlReader(text, lineCounter, file);
  const project: BuildProject = { name, buildspec: { kind: 'path', path: 'buildspec.yml' }, environmentVariables: [], file };
  for (const { key, value } of reader.entries(document.contents, '', ['buildspec', 'environmentVariables', 'timeoutInMinutes', 'description', 'environment', 'serviceRole'])) {
    if (key === 'buildspec') project.buildspec = readBuildspecField(value, reader, name);
    else if (key === 'environment') project.environment = readProjectEnvironment(value, reader);
    else if (key === 'environmentVariables') project.environmentVariables = parseVariableList(toJson(value), `project ${name} environmentVariables`);
    else if (key === 'serviceRole') project.serviceRole = reader.string(value, key);
    else if (key === 'timeoutInMinutes') {
      const minutes = Number(reader.string(value, key));
      if (!Number.isInteger(minutes) || minutes < 5 || minutes > 2160) reader.fail(value, key, 'must be a whole number of minutes from 5 to 2160');
      project.timeoutInMinutes = minutes;
    }
  }
  return project;
}

function readBuildspecField(value: Node | null, reader: YamlReader, name: string): BuildProject['buildspec'] {
  if (isMap(value)) return { kind: 'inline', buildspec: readBuildspec(value, reader) };
  const text = reader.string(value, 'buildspec');
  if (!text.includes('\n')) return { kind: 'path', path: text };
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const inlineName = `the inline buildspec of project ${name}`;
  if (document.errors[0] !== undefined) throw new BuildConfigurationError(`${inlineName}: not valid YAML: ${document.errors[0].message}`);
  return { kind: 'inline', buildspec: readBuildspec(document.contents, new YamlReader(text, lineCounter, inlineName)) };
}

function toJson(node: Node | null): unknown {
  if (node === null) return null;
  if (isScalar(node)) return node.value;
  return node.toJSON() as unknown;
}
