import type { Build, BuildArtifacts } from '@aws-sdk/client-codebuild';

/** A build's phase statuses that ended it without success (BuildPhase, phaseStatus, CodeBuild API Reference). */
const failedPhaseStatuses = new Set(['FAILED', 'FAULT', 'TIMED_OUT', 'STOPPED']);

/**
 * Why a build ended without success: the build's status, then its failed phase with that phase's contexts (status code and message, "An
 * explanation of the build phase's context. This might include a command ID and an exit code.",
 * PhaseContext, CodeBuild API Reference).
 */
export function buildFailureMessage(build: Build): string {
  const head = `Build terminated with state: ${build.buildStatus ?? 'UNKNOWN'}.`;
  const phase = build.phases?.find((candidate) => failedPhaseStatuses.has(candidate.phaseStatus ?? ''));
  if (phase === undefined) return head;
  const contexts = (phase.contexts ?? []).filter((context) => (context.message ?? '') !== '' || (context.statusCode ?? '') !== '');
  const detail = contexts.map((context) => `Code: ${context.statusCode ?? ''}, Message: ${context.message ?? ''}`).join('; ');
  return `${head} Phase: ${phase.phaseType ?? 'UNKNOWN'}${detail !== '' ? `, ${detail}` : ''}`;
}

/**
 * The build's exported variables (buildspec `env.exported-variables`), the action's output variables:
 * "Exported environment variables are used in conjunction with CodePipeline to export environment
 * variables from the current build stage to subsequent stages" (ExportedEnvironmentVariable, CodeBuild API Reference).
 */
export function exportedVariables(build: Build): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const variable of build.exportedEnvironmentVariables ?? []) if (variable.name !== undefined) variables[variable.name] = variable.value ?? '';
  return variables;
}

/** The build's artifacts by output artifact name: the primary one is the first output, secondary ones by their identifier. */
export function artifactLocations(build: Build, outputNames: readonly string[]): Map<string, BuildArtifacts | undefined> {
  const [first, ...others] = outputNames;
  const locations = new Map<string, BuildArtifacts | undefined>();
  if (first !== undefined) locations.set(first, build.artifacts);
  for (const name of others) locations.set(name, build.secondaryArtifacts?.find((artifact) => artifact.artifactIdentifier === name));
  return locations;
}

/** An S3 artifact location as CodeBuild reports it, `arn:aws:s3:::bucket/key` (BuildArtifacts, location). */
export function s3Location(location: string): { bucket: string; key: string } | undefined {
  const match = /^arn:[^:]+:s3:::([^/]+)\/(.+)$/.exec(location);
  return match === null ? undefined : { bucket: match[1]!, key: match[2]! };
}
