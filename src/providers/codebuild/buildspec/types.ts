import type { CoverageReportFormat, TestReportFormat } from '../../../core/contracts/test-report.js';
import type { BatchSpec } from './batch-spec.js';

/** The build phases a buildspec declares, in the order CodeBuild runs them. */
export const buildPhases = ['INSTALL', 'PRE_BUILD', 'BUILD', 'POST_BUILD'] as const;
export type BuildPhase = (typeof buildPhases)[number];

export type OnFailure = 'ABORT' | 'CONTINUE';

/** A buildspec (version 0.2 or 0.1) as Pipewright runs it; see parse-buildspec.ts for what is accepted. */
export interface Buildspec {
  /** 0.1 runs every command in a shell of its own; 0.2 keeps one shell state for the whole build. */
  version: '0.1' | '0.2';
  /** `run-as`: the user every command runs as, unless a phase names its own. */
  runAs?: string;
  /** `/bin/sh` unless `env.shell` asks for bash. */
  shell: string;
  env: BuildspecEnv;
  phases: Record<BuildPhase, PhaseSpec>;
  reports: ReportSpec[];
  artifacts?: PrimaryArtifactSpec;
  cachePaths: string[];
  /** `batch`: run when the action or project enables batch builds, else ignored as CodeBuild ignores it. */
  batch?: BatchSpec;
  /** What the buildspec asked for that has no effect on a host, said in the build's log. */
  notes: string[];
  /** Lines CodeBuild writes at a build's start about keys it does not know (unknown-keys.ts). */
  warnings: string[];
}

export interface BuildspecEnv {
  variables: Record<string, string>;
  /** Variable name → parameter name. */
  parameterStore: Record<string, string>;
  /** Variable name → `secret-id:json-key:version-stage:version-id` (all but the id optional). */
  secretsManager: Record<string, string>;
  exportedVariables: string[];
}

export interface PhaseSpec {
  /** The phase's own `run-as`, over the buildspec's. */
  runAs?: string;
  commands: string[];
  finally: string[];
  onFailure?: OnFailure;
  /** `runtime-versions` of the install phase: accepted and reported, the host's runtimes are used. */
  runtimeVersions: Record<string, string>;
}

export interface ArtifactSpec {
  files: string[];
  name?: string;
  discardPaths: boolean;
  baseDirectory?: string;
  excludePaths: string[];
  enableSymlinks: boolean;
}

export interface PrimaryArtifactSpec extends ArtifactSpec {
  secondaryArtifacts: Record<string, ArtifactSpec>;
}

export interface ReportSpec {
  /** The key under `reports`: a report group name or ARN. */
  group: string;
  files: string[];
  baseDirectory?: string;
  discardPaths: boolean;
  /** A test report format, or a code coverage one (the group is then a CODE_COVERAGE report group). */
  format: TestReportFormat | CoverageReportFormat;
}
