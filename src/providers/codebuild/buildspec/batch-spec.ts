import type { Node } from 'yaml';
import type { UnknownKeys } from './unknown-keys.js';
import { join, type YamlReader } from './yaml-reader.js';

/**
 * A buildspec's `batch`: the builds of a batch build, as CodeBuild's batch build buildspec reference
 * defines them. build-list builds run side by side; build-graph builds wait for those they `depend-on`;
 * build-matrix builds are every combination of the dynamic values. What a build environment means on
 * CodeBuild (compute type, image, privileged mode) has no meaning on a host and is noted, not refused.
 */
export interface BatchSpec {
  kind: 'build-list' | 'build-graph' | 'build-matrix';
  /** Stop the batch at the first build that fails (default true, as CodeBuild's fast-fail). */
  fastFail: boolean;
  builds: BatchBuildSpec[];
}

export interface BatchBuildSpec {
  identifier: string;
  /** Another buildspec file of the primary source, instead of this one. */
  buildspec?: string;
  variables: Record<string, string>;
  dependOn: string[];
  /** A failure of this build does not fail the batch. */
  ignoreFailure: boolean;
}

const identifierPattern = /^[A-Za-z][A-Za-z0-9_]{0,127}$/;
const environmentNotes = ['compute-type', 'fleet', 'image', 'type', 'privileged-mode'];

export function readBatch(node: Node | null, reader: YamlReader, notes: string[], unknown: UnknownKeys): BatchSpec {
  const spec: BatchSpec = { kind: 'build-list', fastFail: true, builds: [] };
  let kinds = 0;
  for (const { key, value } of reader.entries(node, 'batch', ['fast-fail', 'build-list', 'build-graph', 'build-matrix', 'service-role', 'timeout-in-mins', 'build-timeout-in-mins', 'report-build-status'], unknown.at('batch'))) {
    const at = join('batch', key);
    if (key === 'fast-fail') spec.fastFail = reader.flag(value, at);
    else if (key === 'build-list' || key === 'build-graph') {
      kinds++;
      spec.kind = key;
      spec.builds = readBuildEntries(value, at, reader, notes, unknown, key === 'build-graph');
    } else if (key === 'build-matrix') {
      kinds++;
      spec.kind = key;
      spec.builds = readMatrix(value, at, reader, notes, unknown);
    } else notes.push(`${at} is ignored: a batch here has no service role, timeout or build status report of its own`);
  }
  if (kinds !== 1) reader.fail(node, 'batch', 'needs exactly one of build-list, build-graph or build-matrix');
  checkGraph(spec, node, reader);
  return spec;
}

function readBuildEntries(node: Node | null, path: string, reader: YamlReader, notes: string[], unknown: UnknownKeys, graph: boolean): BatchBuildSpec[] {
  const items = reader.list(node, path);
  return items.map((item, index) => {
    const at = `${path}[${index}]`;
    const build: BatchBuildSpec = { identifier: '', variables: {}, dependOn: [], ignoreFailure: false };
    const keys = ['identifier', 'buildspec', 'env', 'ignore-failure', 'debug-session', ...(graph ? ['depend-on'] : [])];
    for (const { key, value } of reader.entries(item, at, keys, unknown.at(at))) {
      if (key === 'identifier') build.identifier = reader.string(value, join(at, key));
      else if (key === 'buildspec') build.buildspec = reader.string(value, join(at, key));
      else if (key === 'env') build.variables = readBuildEnv(value, join(at, key), reader, notes, unknown);
      else if (key === 'ignore-failure') build.ignoreFailure = reader.flag(value, join(at, key));
      else if (key === 'depend-on') build.dependOn = reader.strings(value, join(at, key), { single: true });
      else notes.push(`${join(at, key)} is ignored: there are no debug sessions here`);
    }
    if (!identifierPattern.test(build.identifier)) reader.fail(item, at, 'needs an identifier: a letter, then letters, digits or _ (128 at most)');
    return build;
  });
}

function readBuildEnv(node: Node | null, path: string, reader: YamlReader, notes: string[], unknown: UnknownKeys): Record<string, string> {
  let variables: Record<string, string> = {};
  for (const { key, value } of reader.entries(node, path, ['variables', ...environmentNotes], unknown.at(path))) {
    if (key === 'variables') variables = reader.stringMap(value, join(path, key));
    else notes.push(`${join(path, key)} is ignored: batch builds run on this host`);
  }
  return variables;
}

/** build-matrix: `static` for every build, `dynamic` values combined; builds are named build1, build2, … */
function readMatrix(node: Node | null, path: string, reader: YamlReader, notes: string[], unknown: UnknownKeys): BatchBuildSpec[] {
  let staticVariables: Record<string, string> = {};
  let ignoreFailure = false;
  let buildspecs: (string | undefined)[] = [undefined];
  let dimensions: [string, string[]][] = [];
  for (const { key, value } of reader.entries(node, path, ['static', 'dynamic'], unknown.at(path))) {
    const at = join(path, key);
    for (const entry of reader.entries(value, at, key === 'static' ? ['ignore-failure', 'env', 'debug-session'] : ['buildspec', 'env'], unknown.at(at))) {
      const entryAt = join(at, entry.key);
      if (entry.key === 'ignore-failure') ignoreFailure = reader.flag(entry.value, entryAt);
      else if (entry.key === 'buildspec') buildspecs = reader.strings(entry.value, entryAt, { single: true });
      else if (entry.key === 'debug-session') notes.push(`${entryAt} is ignored: there are no debug sessions here`);
      else if (key === 'static') staticVariables = readBuildEnv(entry.value, entryAt, reader, notes, unknown);
      else {
        for (const dimension of reader.entries(entry.value, entryAt, ['variables', ...environmentNotes], unknown.at(entryAt))) {
          if (dimension.key !== 'variables') notes.push(`${join(entryAt, dimension.key)} is ignored: batch builds run on this host`);
          else dimensions = reader.entries(dimension.value, join(entryAt, 'variables')).map(({ key: name, value: values }) => [name, reader.strings(values, join(join(entryAt, 'variables'), name), { single: true })]);
        }
      }
    }
  }
  let combinations: Record<string, string>[] = [{}];
  for (const [name, values] of dimensions) combinations = combinations.flatMap((combination) => values.map((value) => ({ ...combination, [name]: value })));
  const builds: BatchBuildSpec[] = [];
  for (const buildspec of buildspecs) {
    for (const combination of combinations) {
      builds.push({
        identifier: `build${builds.length + 1}`,
        ...(buildspec !== undefined ? { buildspec } : {}),
        variables: { ...staticVariables, ...combination },
        dependOn: [],
        ignoreFailure,
      });
    }
  }
  return builds;
}

function checkGraph(spec: BatchSpec, node: Node | null, reader: YamlReader): void {
  const identifiers = new Set<string>();
  for (const build of spec.builds) {
    if (identifiers.has(build.identifier)) reader.fail(node, 'batch', `has two builds with the identifier ${build.identifier}`);
    identifiers.add(build.identifier);
  }
  for (const build of spec.builds) {
    for (const dependency of build.dependOn) {
      if (!identifiers.has(dependency)) reader.fail(node, 'batch', `build ${build.identifier} depends on ${dependency}, which is not a build of the batch`);
    }
  }
  // Kahn's algorithm: what cannot be ordered is a cycle.
  const remaining = new Map(spec.builds.map((build) => [build.identifier, new Set(build.dependOn)]));
  let progress = true;
  while (remaining.size > 0 && progress) {
    progress = false;
    for (const [identifier, dependencies] of remaining) {
      if ([...dependencies].every((dependency) => !remaining.has(dependency))) {
        remaining.delete(identifier);
        progress = true;
      }
    }
  }
  if (remaining.size > 0) reader.fail(node, 'batch', `build-graph has a cycle among ${[...remaining.keys()].join(', ')}`);
}
