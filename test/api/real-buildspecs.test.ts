import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreatePipelineCommand, ListActionExecutionsCommand, ListPipelineExecutionsCommand, type PipelineExecution } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeCommitSource, declaration, hostedRepository, waitForExecution } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';

const fixtures = join(import.meta.dirname, '..', 'providers', 'codebuild', 'fixtures', 'real-buildspecs');

interface Judgement {
  fixture: string;
  /** Input artifact name → files of its repository; the buildspec goes into the primary (first). */
  sources: Record<string, Record<string, string>>;
  outputs?: string[];
  status: 'Succeeded' | 'Failed';
  /** What the summary must say (the failing phase and command, as CodeBuild's phase context names them). */
  summary?: string;
  logLines: string[];
  /** Why this is what CodeBuild would do. */
  why: string;
}

/** Noise-free sources for the buildspecs that need some: written here, not copied from the repositories. */
const fizzBuzz = 'def fizzbuzz(n):\n    return "FizzBuzz" if n % 15 == 0 else "Fizz" if n % 3 == 0 else "Buzz" if n % 5 == 0 else str(n)\n';
const fizzBuzzTests = 'from FizzBuzz import fizzbuzz\n\ndef test_fizz():\n    assert fizzbuzz(3) == "Fizz"\n\ndef test_buzz():\n    assert fizzbuzz(5) == "Buzz"\n\ndef test_fizzbuzz():\n    assert fizzbuzz(15) == "FizzBuzz"\n';

/**
 * Ten buildspecs nobody here wrote (each fixture folder's SOURCE.md names repository, path and
 * commit), each run through a CodeCommit → CodeBuild pipeline and judged by what CodeBuild does with
 * it. Where a buildspec needs what this machine does not have (rspec, Go, credentials for ECR, a
 * pom.xml its sample leaves out), the judgement is that it fails where CodeBuild would, naming the
 * phase and the command in CodeBuild's words.
 */
const judgements: Judgement[] = [
  {
    fixture: 'aws-multi-input-output',
    sources: { source1: {}, source2: {} },
    outputs: ['artifact1', 'artifact2'],
    status: 'Succeeded',
    logLines: ['Artifact artifact1: 1 file', 'Artifact artifact2: 1 file'],
    why: 'AWS’s CodePipeline multi-source sample: base-directory $CODEBUILD_SRC_DIR_source2 is expanded, each secondary artifact gets its one file',
  },
  {
    fixture: 'aws-multi-in-out-project',
    sources: { Src: {}, source1: {}, source2: {} },
    outputs: ['artifact1', 'artifact2'],
    status: 'Succeeded',
    logLines: ['Artifact artifact1: 1 file', 'Artifact artifact2: 1 file', 'Runtime versions requested: java openjdk11'],
    why: 'AWS’s multiple-inputs sample: two secondary sources, the artifacts’ base directories are CodeBuild variables',
  },
  {
    fixture: 'aws-artifact-naming-date',
    sources: { Src: { 'HelloWorld_spec.rb': 'describe "HelloWorld" do\nend\n' } },
    outputs: ['Out'],
    status: 'Failed',
    summary: "Phase BUILD failed: command 'rspec HelloWorld_spec.rb' exited with status 127",
    logLines: ['Phase complete: BUILD State: FAILED'],
    why: 'rspec is not installed here: CodeBuild fails the BUILD phase with COMMAND_EXECUTION_ERROR and the exit status',
  },
  {
    fixture: 'aws-artifact-naming-region',
    sources: { Src: { 'HelloWorld_spec.rb': 'describe "HelloWorld" do\nend\n' } },
    outputs: ['Out'],
    status: 'Failed',
    summary: "Phase BUILD failed: command 'rspec HelloWorld_spec.rb' exited with status 127",
    logLines: ['Phase complete: POST_BUILD State: SUCCEEDED'],
    why: 'as above; POST_BUILD still runs after a failed BUILD, as CodeBuild runs it',
  },
  {
    fixture: 'aws-docker-ecr',
    sources: { Src: { Dockerfile: 'FROM scratch\n' } },
    status: 'Failed',
    summary: "Phase PRE_BUILD failed: command '$(aws ecr get-login --no-include-email --region $AWS_DEFAULT_REGION)'",
    logLines: ['Phase complete: PRE_BUILD State: FAILED'],
    why: 'no AWS credentials reach a build here: the ECR login fails in PRE_BUILD and, as on CodeBuild, BUILD and POST_BUILD do not run',
  },
  {
    fixture: 'kaisewhite-push-to-ecr',
    sources: { Src: { Dockerfile: 'FROM scratch\n' } },
    outputs: ['Out'],
    status: 'Failed',
    summary: "Phase PRE_BUILD failed: command '$(aws ecr get-login --region $AWS_DEFAULT_REGION --no-include-email)'",
    logLines: ['Runtime versions requested: nodejs 8'],
    why: 'a user’s ECR push buildspec: the same login failure, after its runtime-versions are said',
  },
  {
    fixture: 'aws-runtime-versions-java',
    sources: { Src: { 'README.md': 'no pom.xml in this sample\n' } },
    outputs: ['Out'],
    status: 'Failed',
    summary: "Phase BUILD failed: command 'mvn package' exited with status 1",
    logLines: ['Running command java -version', 'Runtime versions requested: java corretto8'],
    why: 'the sample gives only the buildspec: without a pom.xml Maven fails, on CodeBuild as here',
  },
  {
    fixture: 'aws-runtime-versions-go-node',
    sources: {
      Src: {
        'golang-app/hello.go': 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello") }\n',
        'nodejs-app/index.js': 'console.log("hello");\n',
        'nodejs-app/package.json': '{"name":"nodejs-app","version":"1.0.0","scripts":{"test":"node index.js"}}\n',
      },
    },
    outputs: ['golang_artifacts', 'nodejs_artifacts'],
    status: 'Failed',
    summary: "Phase BUILD failed: command 'go build hello.go' exited with status 127",
    logLines: ['Runtime versions requested: golang 1.13, nodejs 10', 'Runtime golang 1.13 requested: there is no Go (go) on this host', 'Runtime nodejs 10 requested: not on this host; Node.js 2'],
    why: 'Go is not on this host (CodeBuild’s image has it): the build fails at go build, naming it',
  },
  {
    fixture: 'aws-getting-started-maven',
    sources: { Src: { 'README.md': 'the getting-started sample without its Java sources\n' } },
    outputs: ['Out'],
    status: 'Failed',
    summary: "Phase BUILD failed: command 'mvn install' exited with status 1",
    logLines: ['Nothing to do in the pre_build phase...'],
    why: 'CodeBuild’s getting-started buildspec without the pom.xml it builds: Maven fails in BUILD',
  },
  {
    fixture: 'tetsuo-nobe-pytest-report',
    sources: { Src: { 'FizzBuzz.py': fizzBuzz, 'test_FizzBuzz.py': fizzBuzzTests } },
    outputs: ['Out'],
    status: 'Succeeded',
    logLines: ['Report group my-unittest-report: 3 tests, 3 passed, 0 failed, 0 errors, 0 skipped', 'Artifact Out: 1 file'],
    why: 'pytest’s JUnit XML read as a report group, FizzBuzz.py as the artifact',
  },
];

interface LogPage {
  lines: { text: string }[];
}

describe('real buildspecs through CodeCommit → CodeBuild pipelines', () => {
  let server: TestServer;
  const results = new Map<string, { execution: PipelineExecution; log: string[] }>();

  beforeAll(async () => {
    // These buildspecs are judged by what the host's tools do with them, and a host may keep its tools
    // where a sandboxed build cannot see them (this one: the AWS CLI and Python under /root/.pyenv): the
    // builds run unsandboxed, on purpose (test/actions/build-sandbox.test.ts covers the sandbox).
    server = await startTestServer({ env: { PIPEWRIGHT_BUILD_SANDBOX: 'off' } });
    // All pipelines at once: each build is short, and they run side by side as they would on AWS.
    await Promise.all(judgements.map((judgement) => runPipeline(judgement)));
  }, 240_000);
  afterAll(async () => {
    await server?.close();
  });

  async function runPipeline(judgement: Judgement): Promise<void> {
    const name = judgement.fixture;
    const buildspec = readFileSync(join(fixtures, name, 'buildspec.yml'), 'utf8');
    const inputs = Object.keys(judgement.sources);
    const sourceActions = [];
    for (const [index, input] of inputs.entries()) {
      const repository = `${name}-${input}`;
      await hostedRepository(server.dataDir, repository, { ...(index === 0 ? { 'buildspec.yml': buildspec } : { 'README.md': input }), ...judgement.sources[input] });
      sourceActions.push({ ...codeCommitSource(repository, input, `Source_${input}`), name: `Checkout_${input}` });
    }
    const build = {
      name: 'Build',
      actionTypeId: { category: 'Build' as const, owner: 'AWS' as const, provider: 'CodeBuild', version: '1' },
      configuration: {
        ProjectName: name,
        ...(inputs.length > 1 ? { PrimarySource: inputs[0]! } : {}),
        // The AWS CLI would otherwise look for instance credentials before failing.
        EnvironmentVariables: JSON.stringify([{ name: 'AWS_EC2_METADATA_DISABLED', value: 'true', type: 'PLAINTEXT' }]),
      },
      inputArtifacts: inputs.map((input) => ({ name: input })),
      outputArtifacts: (judgement.outputs ?? []).map((output) => ({ name: output })),
    };
    await server.client.send(new CreatePipelineCommand({ pipeline: declaration(name, [{ name: 'Source', actions: sourceActions }, { name: 'Build', actions: [build] }]) }));
    const { pipelineExecutionSummaries } = await server.client.send(new ListPipelineExecutionsCommand({ pipelineName: name }));
    const executionId = pipelineExecutionSummaries![0]!.pipelineExecutionId!;
    const execution = await waitForExecution(server.client, name, executionId, { timeoutMs: 200_000 });
    const { actionExecutionDetails } = await server.client.send(new ListActionExecutionsCommand({ pipelineName: name, filter: { pipelineExecutionId: executionId } }));
    const buildRun = actionExecutionDetails?.find((detail) => detail.actionName === 'Build');
    const log = buildRun?.actionExecutionId === undefined ? [] : ((await (await fetch(`${server.url}/api/logs/${buildRun.actionExecutionId}?limit=5000`)).json()) as LogPage).lines.map((line) => line.text);
    results.set(name, { execution: { ...execution, statusSummary: buildRun?.output?.executionResult?.externalExecutionSummary ?? buildRun?.output?.executionResult?.errorDetails?.message ?? buildRun?.status ?? '' }, log });
  }

  it.each(judgements.map((judgement) => [judgement.fixture, judgement] as const))('%s', (_name, judgement) => {
    const result = results.get(judgement.fixture);
    expect(result, `${judgement.fixture} ran`).toBeDefined();
    const { execution, log } = result!;
    expect(execution.status, `${judgement.why}\n${log.join('\n')}`).toBe(judgement.status);
    if (judgement.summary !== undefined) expect(execution.statusSummary).toContain(judgement.summary);
    for (const line of judgement.logLines) expect(log.join('\n'), judgement.why).toContain(line);
  });
});
