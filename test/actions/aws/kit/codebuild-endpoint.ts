import { jsonError, jsonReply, startAwsEndpoint, type AwsEndpoint, type AwsReply } from './aws-endpoint.js';
import type { FakeS3 } from './s3-endpoint.js';

/**
 * What a project's build does with what StartBuild gave it: succeed with exported variables and an
 * artifact (a zip put where artifactsOverride says), fail in a phase with that phase's context, or run
 * until StopBuild. `source` is the primary source's zip, read from the loopback S3 as CodeBuild would.
 */
export type BuildScript = (started: { source: Buffer; request: StartBuildRequest }) =>
  | { result: 'SUCCEEDED'; exported?: Record<string, string>; artifact?: Buffer }
  | { result: 'FAILED'; phase: string; statusCode: string; message: string }
  | { result: 'RUNS_UNTIL_STOPPED' };

export interface StartBuildRequest {
  projectName: string;
  sourceTypeOverride?: string;
  sourceLocationOverride?: string;
  secondarySourcesOverride?: { type: string; location: string; sourceIdentifier: string }[];
  environmentVariablesOverride?: { name: string; value: string; type: string }[];
  artifactsOverride?: { type: string; location?: string; path?: string; name?: string; packaging?: string; namespaceType?: string };
}

/**
 * A small AWS CodeBuild on loopback, answering JSON 1.1 (`X-Amz-Target: CodeBuild_20161006.*`) as the API
 * Reference documents StartBuild, BatchGetBuilds and StopBuild. Builds have the fields of the documented
 * BatchGetBuilds example (aws-sdk-js apis/codebuild-2016-10-06.examples.json; "Step 7: View summarized
 * build information", CodeBuild User Guide): id `project:uuid`, logs.deepLink, phases with contexts,
 * artifacts.location `arn:aws:s3:::bucket/key`, exportedEnvironmentVariables. A build reads as
 * IN_PROGRESS once, then as it ended; one that runs until stopped stays IN_PROGRESS until StopBuild.
 */
export interface FakeCodeBuild extends AwsEndpoint {
  builds: Map<string, FakeBuild>;
  /** Resolves when a build of the project has started: a gate, not a sleep. */
  started(projectName: string): Promise<FakeBuild>;
  /** Resolves when StopBuild was called for the build. */
  stopped(buildId: string): Promise<void>;
}

export interface FakeBuild {
  id: string;
  request: StartBuildRequest;
  reads: number;
  final: Record<string, unknown>;
  stoppedByStopBuild: boolean;
}

const account = '123456789012';
const region = 'us-east-1';

export async function startFakeCodeBuild(projects: Record<string, BuildScript>, s3: FakeS3): Promise<FakeCodeBuild> {
  const builds = new Map<string, FakeBuild>();
  const startWaiters = new Map<string, (build: FakeBuild) => void>();
  const startedBuilds = new Map<string, FakeBuild>();
  const stopWaiters = new Map<string, () => void>();
  let counter = 0;

  const phase = (phaseType: string, phaseStatus: string, contexts: { statusCode: string; message: string }[] = []) => ({ phaseType, phaseStatus, contexts, startTime: 1796648400, endTime: 1796648401, durationInSeconds: 1 });
  const finished = ['SUBMITTED', 'QUEUED', 'PROVISIONING', 'DOWNLOAD_SOURCE', 'INSTALL', 'PRE_BUILD', 'BUILD', 'POST_BUILD', 'UPLOAD_ARTIFACTS', 'FINALIZING'];

  const handlers: Record<string, (body: Record<string, unknown>) => AwsReply> = {
    StartBuild(body) {
      const request = body as unknown as StartBuildRequest;
      const script = projects[request.projectName];
      if (script === undefined) return jsonError('ResourceNotFoundException', `Project cannot be found: arn:aws:codebuild:${region}:${account}:project/${request.projectName}`);
      counter += 1;
      const id = `${request.projectName}:0b6f7c1e-0000-4000-8000-${String(counter).padStart(12, '0')}`;
      const base = {
        id,
        arn: `arn:aws:codebuild:${region}:${account}:build/${id}`,
        projectName: request.projectName,
        buildNumber: counter,
        initiator: 'codepipeline/pipewright',
        logs: {
          groupName: `/aws/codebuild/${request.projectName}`,
          streamName: id.split(':')[1],
          deepLink: `https://console.aws.amazon.com/cloudwatch/home?region=${region}#logEvent:group=/aws/codebuild/${request.projectName};stream=${id.split(':')[1]}`,
        },
        source: { type: request.sourceTypeOverride, location: request.sourceLocationOverride },
      };
      // CodeBuild reads an S3 source as `bucket/key` (ProjectSource, location); a missing one fails DOWNLOAD_SOURCE.
      const [bucket = '', ...key] = (request.sourceLocationOverride ?? '').split('/');
      const source = s3.buckets.get(bucket)?.get(key.join('/'));
      let final: Record<string, unknown>;
      const outcome = source === undefined ? ({ result: 'FAILED', phase: 'DOWNLOAD_SOURCE', statusCode: 'CLIENT_ERROR', message: `NoSuchKey: The specified key does not exist. for primary source` } as const) : script({ source, request });
      if (outcome.result === 'SUCCEEDED') {
        let artifacts: Record<string, unknown> = {};
        const override = request.artifactsOverride;
        if (override?.type === 'S3' && outcome.artifact !== undefined) {
          const artifactKey = [override.path, override.name].filter((part) => part !== undefined && part !== '').join('/');
          s3.buckets.get(override.location ?? '')?.set(artifactKey, outcome.artifact);
          artifacts = { location: `arn:aws:s3:::${override.location}/${artifactKey}` };
        }
        final = {
          ...base,
          buildStatus: 'SUCCEEDED',
          buildComplete: true,
          currentPhase: 'COMPLETED',
          phases: [...finished.map((type) => phase(type, 'SUCCEEDED')), { phaseType: 'COMPLETED', startTime: 1796648410 }],
          artifacts,
          exportedEnvironmentVariables: Object.entries(outcome.exported ?? {}).map(([name, value]) => ({ name, value })),
        };
      } else if (outcome.result === 'FAILED') {
        const upTo = finished.indexOf(outcome.phase);
        final = {
          ...base,
          buildStatus: 'FAILED',
          buildComplete: true,
          currentPhase: 'COMPLETED',
          phases: [
            ...finished.slice(0, upTo).map((type) => phase(type, 'SUCCEEDED')),
            phase(outcome.phase, 'FAILED', [{ statusCode: outcome.statusCode, message: outcome.message }]),
            phase('FINALIZING', 'SUCCEEDED'),
            { phaseType: 'COMPLETED', startTime: 1796648410 },
          ],
        };
      } else {
        final = { ...base, buildStatus: 'IN_PROGRESS', buildComplete: false, currentPhase: 'BUILD', phases: [...finished.slice(0, 6).map((type) => phase(type, 'SUCCEEDED')), { phaseType: 'BUILD', startTime: 1796648405 }] };
      }
      const build: FakeBuild = { id, request, reads: 0, final, stoppedByStopBuild: false };
      builds.set(id, build);
      startedBuilds.set(request.projectName, build);
      startWaiters.get(request.projectName)?.(build);
      return jsonReply({ build: { ...base, buildStatus: 'IN_PROGRESS', buildComplete: false, currentPhase: 'SUBMITTED' } });
    },
    BatchGetBuilds(body) {
      const ids = (body.ids as string[] | undefined) ?? [];
      const found = ids.flatMap((id) => {
        const build = builds.get(id);
        if (build === undefined) return [];
        build.reads += 1;
        if (build.reads === 1) return [{ ...build.final, buildStatus: 'IN_PROGRESS', buildComplete: false, currentPhase: 'PROVISIONING', phases: [] }];
        return [build.final];
      });
      return jsonReply({ builds: found, buildsNotFound: ids.filter((id) => !builds.has(id)) });
    },
    StopBuild(body) {
      const id = String(body.id);
      const build = builds.get(id);
      if (build === undefined) return jsonError('ResourceNotFoundException', `Build ${id} does not exist`);
      build.stoppedByStopBuild = true;
      build.final = { ...build.final, buildStatus: 'STOPPED', buildComplete: true, currentPhase: 'COMPLETED' };
      stopWaiters.get(id)?.();
      return jsonReply({ build: { ...build.final, buildStatus: 'IN_PROGRESS', buildComplete: false, currentPhase: 'BUILD' } });
    },
  };
  const endpoint = await startAwsEndpoint((request) => {
    const handler = handlers[request.target ?? ''];
    if (handler === undefined) return jsonError('UnknownOperationException', `Unknown operation ${request.target}`);
    return handler(JSON.parse(request.body || '{}') as Record<string, unknown>);
  });
  return {
    ...endpoint,
    builds,
    started: (projectName) => {
      const already = startedBuilds.get(projectName);
      if (already !== undefined) return Promise.resolve(already);
      return new Promise((resolve) => startWaiters.set(projectName, resolve));
    },
    stopped: (buildId) => (builds.get(buildId)?.stoppedByStopBuild === true ? Promise.resolve() : new Promise((resolve) => stopWaiters.set(buildId, resolve))),
  };
}
