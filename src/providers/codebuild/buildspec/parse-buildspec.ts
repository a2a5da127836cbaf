import { LineCounter, parseDocument, type Node } from 'yaml';
import { coverageReportFormats, testReportFormats, type CoverageReportFormat, type TestReportFormat } from '../../../core/contracts/test-report.js';
import { BuildConfigurationError } from '../configuration-error.js';
import type { ArtifactSpec, BuildPhase, Buildspec, BuildspecEnv, OnFailure, PhaseSpec, PrimaryArtifactSpec, ReportSpec } from './types.js';
import { readBatch } from './batch-spec.js';
import { UnknownKeys } from './unknown-keys.js';
import { join, YamlReader } from './yaml-reader.js';

const phaseKeys: Record<string, BuildPhase> = { install: 'INSTALL', pre_build: 'PRE_BUILD', build: 'BUILD', post_build: 'POST_BUILD' };
const artifactKeys = ['files', 'name', 'discard-paths', 'base-directory', 'exclude-paths', 'enable-symlinks', 's3-prefix'];

/**
 * Parses and checks a buildspec (YAML, version 0.1 or 0.2). Everything CodeBuild's buildspec offers that
 * has a meaning on a host is taken; what has none either is refused with the reason (batch, Windows
 * shells) or, when it is harmless to skip, noted for the build's log (proxy, s3-prefix,
 * git-credential-helper). Keys CodeBuild does not know are warned about as CodeBuild warns
 * (unknown-keys.ts), not refused. Errors carry file, line and column.
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
  const unknown = new UnknownKeys();
  const spec: Buildspec = {
    version: '0.2',
    shell: '/bin/sh',
    env: { variables: {}, parameterStore: {}, secretsManager: {}, exportedVariables: [] },
    phases: { INSTALL: emptyPhase(), PRE_BUILD: emptyPhase(), BUILD: emptyPhase(), POST_BUILD: emptyPhase() },
    reports: [],
    cachePaths: [],
    notes,
    warnings: [],
  };
  let version: string | undefined;
  let sawPhases = false;
  let legacyVariables: Node | null | undefined;
  const topKeys = ['version', 'run-as', 'env', 'environment_variables', 'proxy', 'batch', 'phases', 'reports', 'artifacts', 'cache'];
  for (const { key, value } of reader.entries(root, '', topKeys, unknown.at(''))) {
    switch (key) {
      case 'version':
        version = reader.string(value, 'version');
        if (version !== '0.2' && version !== '0.1') reader.fail(value, 'version', `must be 0.2 (or 0.1), not ${version}`);
        spec.version = version;
        break;
      case 'run-as':
        spec.runAs = readUserName(value, 'run-as', reader);
        break;
      case 'environment_variables':
        legacyVariables = value;
        break;
      case 'batch':
        spec.batch = readBatch(value, reader, notes, unknown);
        break;
      case 'proxy':
        notes.push('proxy settings are ignored: builds use the host’s network directly');
        break;
      case 'env':
        readEnv(value, reader, spec, notes, unknown);
        break;
      case 'phases':
        sawPhases = true;
        if (value === null) break;
        for (const phase of reader.entries(value, 'phases', Object.keys(phaseKeys), unknown.at('phases'))) {
          const name = phaseKeys[phase.key] as BuildPhase;
          spec.phases[name] = readPhase(phase.value, join('phases', phase.key), name, reader, unknown);
        }
        break;
      case 'reports':
        spec.reports = readReports(value, reader, notes, unknown);
        break;
      case 'artifacts':
        spec.artifacts = readArtifacts(value, reader, notes, unknown);
        break;
      case 'cache':
        for (const entry of reader.entries(value, 'cache', ['paths', 'key', 'fallback-keys', 'action'], unknown.at('cache'))) {
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
  if (legacyVariables !== undefined) readLegacyVariables(legacyVariables, version, reader, spec, unknown);
  spec.warnings = unknown.warning();
  return spec;
}

/**
 * Version 0.1's `environment_variables.plaintext`, which 0.2 renamed (CodeBuild's buildspec reference:
 * "In version 0.2, environment_variables has been renamed to env, and plaintext has been renamed to
 * variables"). In a 0.2 buildspec the old key is one CodeBuild does not know.
 */
function readLegacyVariables(node: Node | null, version: string, reader: YamlReader, spec: Buildspec, unknown: UnknownKeys): void {
  if (version !== '0.1') {
    unknown.at('')('environment_variables', node as Node);
    return;
  }
  if (node === null) return;
  for (const { key, value } of reader.entries(node, 'environment_variables', ['plaintext'], unknown.at('environment_variables'))) {
    if (key === 'plaintext') spec.env.variables = { ...reader.stringMap(value, 'environment_variables.plaintext'), ...spec.env.variables };
  }
}

/** A user name as `run-as` takes it (a Linux user name: letters, digits, `_ . -`, not starting with `-`). */
function readUserName(node: Node | null, path: string, reader: YamlReader): string {
  const name = reader.string(node, path);
  if (!/^[A-Za-z0-9_.][A-Za-z0-9_.-]*\$?$/.test(name) || name.length > 32) reader.fail(node, path, `must be a user name, not ${name}`);
  return name;
}

function emptyPhase(): PhaseSpec {
  return { commands: [], finally: [], runtimeVersions: {} };
}

function readEnv(node: Node | null, reader: YamlReader, spec: Buildspec, notes: string[], unknown: UnknownKeys): void {
  const env: BuildspecEnv = spec.env;
  const keys = ['shell', 'variables', 'parameter-store', 'secrets-manager', 'exported-variables', 'git-credential-helper'];
  for (const { key, value } of reader.entries(node, 'env', keys, unknown.at('env'))) {
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

function readPhase(node: Node | null, path: string, phase: BuildPhase, reader: YamlReader, unknown: UnknownKeys): PhaseSpec {
  const spec = emptyPhase();
  if (node === null) return spec;
  for (const { key, value, keyNode } of reader.entries(node, path, ['run-as', 'on-failure', 'runtime-versions', 'commands', 'finally'], unknown.at(path))) {
    const at = join(path, key);
    switch (key) {
      case 'run-as':
        spec.runAs = readUserName(value, at, reader);
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

function readReports(node: Node | null, reader: YamlReader, notes: string[], unknown: UnknownKeys): ReportSpec[] {
  const reports: ReportSpec[] = [];
  const formats: readonly string[] = [...testReportFormats, ...coverageReportFormats];
  for (const { key, value } of reader.entries(node, 'reports')) {
    const path = join('reports', key);
    let files: string[] | undefined;
    const report: Omit<ReportSpec, 'files'> = { group: key, discardPaths: false, format: 'JUNITXML' };
    for (const entry of reader.entries(value, path, ['files', 'base-directory', 'discard-paths', 'file-format'], unknown.at(path))) {
      const at = join(path, entry.key);
      if (entry.key === 'files') files = reader.strings(entry.value, at, { single: true });
      else if (entry.key === 'base-directory') report.baseDirectory = reader.string(entry.value, at);
      else if (entry.key === 'discard-paths') report.discardPaths = reader.flag(entry.value, at);
      else {
        const format = reader.string(entry.value, at).toUpperCase();
        if (!formats.includes(format)) reader.fail(entry.value, at, `must be one of ${formats.join(', ')}, not ${format}`);
        report.format = format as TestReportFormat | CoverageReportFormat;
        // CodeBuild's formats are those of its API's ReportFileFormat; LCOV is Pipewright's own addition.
        if (format === 'LCOVINFO') notes.push(`report group ${key}: LCOVINFO is read by Pipewright only; CodeBuild does not accept it`);
      }
    }
    if (files === undefined) reader.fail(value, path, 'needs files');
    reports.push({ ...report, files });
  }
  return reports;
}

function readArtifacts(node: Node | null, reader: YamlReader, notes: string[], unknown: UnknownKeys): PrimaryArtifactSpec {
  let secondaryArtifacts: Record<string, ArtifactSpec> = {};
  let sawSecondary = false;
  const primary = readArtifact(node, 'artifacts', reader, notes, unknown, (key, value) => {
    if (key !== 'secondary-artifacts') return false;
    sawSecondary = true;
    secondaryArtifacts = {};
    for (const entry of reader.entries(value, 'artifacts.secondary-artifacts')) {
      const path = join('artifacts.secondary-artifacts', entry.key);
      const secondary = readArtifact(entry.value, path, reader, notes, unknown);
      if (secondary.files === undefined) reader.fail(entry.value, path, 'needs files');
      secondaryArtifacts[entry.key] = { ...secondary, files: secondary.files };
    }
    return true;
  });
  // AWS's multi-source sample has only secondary-artifacts: the primary's files are then optional.
  if (primary.files === undefined && !sawSecondary) reader.fail(node, 'artifacts', 'needs files');
  return { ...primary, files: primary.files ?? [], secondaryArtifacts };
}

function readArtifact(
  node: Node | null,
  path: string,
  reader: YamlReader,
  notes: string[],
  unknown: UnknownKeys,
  extra?: (key: string, value: Node | null) => boolean,
): Omit<ArtifactSpec, 'files'> & { files?: string[] } {
  let files: string[] | undefined;
  const spec: Omit<ArtifactSpec, 'files'> = { discardPaths: false, excludePaths: [], enableSymlinks: false };
  const allowed = extra === undefined ? artifactKeys : [...artifactKeys, 'secondary-artifacts'];
  for (const { key, value } of reader.entries(node, path, allowed, unknown.at(path))) {
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
  return { ...spec, ...(files !== undefined ? { files } : {}) };
}
