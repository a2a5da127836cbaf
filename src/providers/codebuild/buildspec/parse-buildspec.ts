import { LineCounter, parseDocument, type Node } from 'yaml';
import { testReportFormats, type TestReportFormat } from '../../../core/contracts/test-report.js';
import { BuildConfigurationError } from '../configuration-error.js';
import type { ArtifactSpec, BuildPhase, Buildspec, BuildspecEnv, OnFailure, PhaseSpec, PrimaryArtifactSpec, ReportSpec } from './types.js';
import { join, YamlReader } from './yaml-reader.js';

const phaseKeys: Record<string, BuildPhase> = { install: 'INSTALL', pre_build: 'PRE_BUILD', build: 'BUILD', post_build: 'POST_BUILD' };
const coverageFormats = ['CLOVERXML', 'COBERTURAXML', 'JACOCOXML', 'SIMPLECOV'];
const artifactKeys = ['files', 'name', 'discard-paths', 'base-directory', 'exclude-paths', 'enable-symlinks', 's3-prefix'];

/**
 * Parses and checks a buildspec (YAML, version 0.2). Everything CodeBuild's buildspec offers that has a
 * meaning on a host is taken; what has none either is refused with the reason (run-as, batch, Windows
 * shells, 0.1's one shell per command) or, when it is harmless to skip, noted for the build's log
 * (proxy, s3-prefix, git-credential-helper, coverage reports). Errors carry file, line and column.
 */
export function parseBuildspec(text: string, fileName: string): Buildspec {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const syntax = document.errors[0];
  if (syntax !== undefined) {
    const { line, col } = lineCounter.linePos(syntax.pos[0]);
    throw new BuildConfigurationError(`${fileName} line ${line}, column ${col}: not valid YAML: ${syntax.message}`);
  }
  return readBuildspec(document.contents, new YamlReader(text, lineCounter, fileName));
}

/** Reads a buildspec from a YAML node (a whole document, or a mapping inside a build project file). */
export function readBuildspec(root: Node | null, reader: YamlReader): Buildspec {
  if (root === null) reader.fail(root, '', 'is empty: a buildspec needs at least version and phases');
  const notes: string[] = [];
  const spec: Buildspec = {
    shell: '/bin/sh',
    env: { variables: {}, parameterStore: {}, secretsManager: {}, exportedVariables: [] },
    phases: { INSTALL: emptyPhase(), PRE_BUILD: emptyPhase(), BUILD: emptyPhase(), POST_BUILD: emptyPhase() },
    reports: [],
    cachePaths: [],
    notes,
  };
  let version: string | undefined;
  let sawPhases = false;
  for (const { key, value, keyNode } of reader.entries(root, '', ['version', 'run-as', 'env', 'proxy', 'batch', 'phases', 'reports', 'artifacts', 'cache'])) {
    switch (key) {
      case 'version':
        version = reader.string(value, 'version');
        if (version === '0.1') reader.fail(value, 'version', '0.1 runs every command in a shell of its own and is not supported: use version 0.2');
        if (version !== '0.2') reader.fail(value, 'version', `must be 0.2, not ${version}`);
        break;
      case 'run-as':
        reader.fail(keyNode, 'run-as', 'is not supported: builds run as the Pipewright server’s user');
        break;
      case 'batch':
        reader.fail(keyNode, 'batch', 'is not supported: batch builds are not available in Pipewright yet');
        break;
      case 'proxy':
        notes.push('proxy settings are ignored: builds use the host’s network directly');
        break;
      case 'env':
        readEnv(value, reader, spec, notes);
        break;
      case 'phases':
        sawPhases = true;
        for (const phase of reader.entries(value, 'phases', Object.keys(phaseKeys))) {
          const name = phaseKeys[phase.key] as BuildPhase;
          spec.phases[name] = readPhase(phase.value, join('phases', phase.key), name, reader);
        }
        break;
      case 'reports':
        spec.reports = readReports(value, reader, notes);
        break;
      case 'artifacts':
        spec.artifacts = readArtifacts(value, reader, notes);
        break;
      case 'cache':
        for (const entry of reader.entries(value, 'cache', ['paths', 'key', 'fallback-keys', 'action'])) {
          if (entry.key === 'paths') spec.cachePaths = reader.strings(entry.value, 'cache.paths');
          else notes.push(`cache.${entry.key} is ignored: the build cache is kept per project on this host`);
        }
        break;
      default:
        break;
    }
  }
  if (version === undefined) reader.fail(root, '', 'has no version: add `version: 0.2`');
  if (!sawPhases) reader.fail(root, '', 'has no phases');
  return spec;
}

function emptyPhase(): PhaseSpec {
  return { commands: [], finally: [], runtimeVersions: {} };
}

function readEnv(node: Node | null, reader: YamlReader, spec: Buildspec, notes: string[]): void {
  const env: BuildspecEnv = spec.env;
  const keys = ['shell', 'variables', 'parameter-store', 'secrets-manager', 'exported-variables', 'git-credential-helper'];
  for (const { key, value } of reader.entries(node, 'env', keys)) {
    const path = join('env', key);
    switch (key) {
      case 'shell': {
        const shell = reader.string(value, path);
        if (shell === 'bash' || shell === '/bin/bash') spec.shell = 'bash';
        else if (shell === '/bin/sh' || shell === 'sh') spec.shell = '/bin/sh';
        else reader.fail(value, path, `must be bash or /bin/sh on a Linux host, not ${shell}`);
        break;
      }
      case 'variables':
        env.variables = reader.stringMap(value, path);
        break;
      case 'parameter-store':
        env.parameterStore = reader.stringMap(value, path);
        break;
      case 'secrets-manager':
        env.secretsManager = reader.stringMap(value, path);
        break;
      case 'exported-variables':
        env.exportedVariables = reader.strings(value, path);
        break;
      case 'git-credential-helper':
        if (reader.flag(value, path)) notes.push('git-credential-helper is ignored: git uses the host’s own credentials');
        break;
      default:
        break;
    }
  }
}

function readPhase(node: Node | null, path: string, phase: BuildPhase, reader: YamlReader): PhaseSpec {
  const spec = emptyPhase();
  if (node === null) return spec;
  for (const { key, value, keyNode } of reader.entries(node, path, ['run-as', 'on-failure', 'runtime-versions', 'commands', 'finally'])) {
    const at = join(path, key);
    switch (key) {
      case 'run-as':
        reader.fail(keyNode, at, 'is not supported: builds run as the Pipewright server’s user');
        break;
      case 'on-failure':
        spec.onFailure = readOnFailure(value, at, reader);
        break;
      case 'runtime-versions':
        if (phase !== 'INSTALL') reader.fail(keyNode, at, 'is only allowed in the install phase');
        spec.runtimeVersions = reader.stringMap(value, at);
        break;
      case 'commands':
        spec.commands = reader.strings(value, at);
        break;
      case 'finally':
        spec.finally = reader.strings(value, at);
        break;
      default:
        break;
    }
  }
  return spec;
}

function readOnFailure(node: Node | null, path: string, reader: YamlReader): OnFailure {
  const value = reader.string(node, path);
  if (value === 'ABORT' || value === 'CONTINUE') return value;
  if (value.startsWith('RETRY')) reader.fail(node, path, `${value} is not supported yet: use ABORT or CONTINUE`);
  reader.fail(node, path, `must be ABORT or CONTINUE, not ${value}`);
}

function readReports(node: Node | null, reader: YamlReader, notes: string[]): ReportSpec[] {
  const reports: ReportSpec[] = [];
  for (const { key, value } of reader.entries(node, 'reports')) {
    const path = join('reports', key);
    let files: string[] | undefined;
    const report: Omit<ReportSpec, 'files'> = { group: key, discardPaths: false, format: 'JUNITXML' };
    let coverage = false;
    for (const entry of reader.entries(value, path, ['files', 'base-directory', 'discard-paths', 'file-format'])) {
      const at = join(path, entry.key);
      if (entry.key === 'files') files = reader.strings(entry.value, at, { single: true });
      else if (entry.key === 'base-directory') report.baseDirectory = reader.string(entry.value, at);
      else if (entry.key === 'discard-paths') report.discardPaths = reader.flag(entry.value, at);
      else {
        const format = reader.string(entry.value, at).toUpperCase();
        if (coverageFormats.includes(format)) coverage = true;
        else if ((testReportFormats as readonly string[]).includes(format)) report.format = format as TestReportFormat;
        else reader.fail(entry.value, at, `must be one of ${[...testReportFormats, ...coverageFormats].join(', ')}, not ${format}`);
      }
    }
    if (files === undefined) reader.fail(value, path, 'needs files');
    if (coverage) notes.push(`report group ${key}: code coverage reports are not read yet`);
    else reports.push({ ...report, files });
  }
  return reports;
}

function readArtifacts(node: Node | null, reader: YamlReader, notes: string[]): PrimaryArtifactSpec {
  let secondaryArtifacts: Record<string, ArtifactSpec> = {};
  const primary = readArtifact(node, 'artifacts', reader, notes, (key, value) => {
    if (key !== 'secondary-artifacts') return false;
    secondaryArtifacts = {};
    for (const entry of reader.entries(value, 'artifacts.secondary-artifacts')) {
      secondaryArtifacts[entry.key] = readArtifact(entry.value, join('artifacts.secondary-artifacts', entry.key), reader, notes);
    }
    return true;
  });
  return { ...primary, secondaryArtifacts };
}

function readArtifact(
  node: Node | null,
  path: string,
  reader: YamlReader,
  notes: string[],
  extra?: (key: string, value: Node | null) => boolean,
): ArtifactSpec {
  let files: string[] | undefined;
  const spec: Omit<ArtifactSpec, 'files'> = { discardPaths: false, excludePaths: [], enableSymlinks: false };
  const allowed = extra === undefined ? artifactKeys : [...artifactKeys, 'secondary-artifacts'];
  for (const { key, value } of reader.entries(node, path, allowed)) {
    const at = join(path, key);
    if (extra?.(key, value) === true) continue;
    switch (key) {
      case 'files':
        files = reader.strings(value, at, { single: true });
        break;
      case 'name':
        spec.name = reader.string(value, at);
        break;
      case 'discard-paths':
        spec.discardPaths = reader.flag(value, at);
        break;
      case 'base-directory':
        spec.baseDirectory = reader.string(value, at);
        break;
      case 'exclude-paths':
        spec.excludePaths = reader.strings(value, at, { single: true });
        break;
      case 'enable-symlinks':
        spec.enableSymlinks = reader.flag(value, at);
        break;
      case 's3-prefix':
        notes.push(`${at} is ignored: artifacts go to Pipewright's artifact store`);
        break;
      default:
        break;
    }
  }
  // CodeBuild requires files even when only secondary artifacts are used.
  if (files === undefined) reader.fail(node, path, 'needs files');
  return { ...spec, files };
}
