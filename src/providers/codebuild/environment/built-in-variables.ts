/** One input of the build: its directory, and what CodePipeline knows of where it came from. */
export interface BuildSource {
  /** The input artifact's name. */
  name: string;
  dir: string;
  /** The source revision (a commit id, an object version) when the artifact carries one. */
  revision?: string;
  location?: { bucket: string; key: string };
}

export interface BuildIdentity {
  projectName: string;
  buildId: string;
  buildArn: string;
  buildNumber: number;
  startTime: number;
  pipelineName: string;
  region: string;
  partition: string;
  /** The log's id, CodeBuild's log stream name. */
  logPath: string;
}

/**
 * The variables CodeBuild sets in every build, those that mean something on a host: the build's
 * identity and number, who started it (`codepipeline/<pipeline>`), where the sources are (the primary
 * in CODEBUILD_SRC_DIR, each secondary in CODEBUILD_SRC_DIR_<artifact>) and which revision they are.
 */
export function builtInVariables(identity: BuildIdentity, primary: BuildSource, secondaries: readonly BuildSource[]): Record<string, string> {
  const variables: Record<string, string> = {
    AWS_REGION: identity.region,
    AWS_DEFAULT_REGION: identity.region,
    CODEBUILD_BUILD_ARN: identity.buildArn,
    CODEBUILD_BUILD_ID: identity.buildId,
    CODEBUILD_BUILD_NUMBER: String(identity.buildNumber),
    CODEBUILD_BUILD_SUCCEEDING: '1',
    CODEBUILD_INITIATOR: `codepipeline/${identity.pipelineName}`,
    CODEBUILD_LOG_PATH: identity.logPath,
    CODEBUILD_START_TIME: String(identity.startTime),
    CODEBUILD_SRC_DIR: primary.dir,
  };
  if (primary.revision !== undefined) variables.CODEBUILD_RESOLVED_SOURCE_VERSION = primary.revision;
  if (primary.location !== undefined) variables.CODEBUILD_SOURCE_VERSION = s3Arn(identity.partition, primary.location);
  for (const source of secondaries) {
    variables[`CODEBUILD_SRC_DIR_${source.name}`] = source.dir;
    if (source.location !== undefined) variables[`CODEBUILD_SOURCE_VERSION_${source.name}`] = s3Arn(identity.partition, source.location);
  }
  return variables;
}

/** How CodeBuild names a CodePipeline input artifact as a source version: the S3 object's ARN. */
function s3Arn(partition: string, location: { bucket: string; key: string }): string {
  return `arn:${partition}:s3:::${location.bucket}/${location.key}`;
}
