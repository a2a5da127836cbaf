import { describe, expect, it } from 'vitest';
import { parseBuildspec } from '../../../src/providers/codebuild/buildspec/parse-buildspec.js';
import { parseSecretReference } from '../../../src/providers/codebuild/buildspec/secret-reference.js';

function failure(text: string): string {
  try {
    parseBuildspec(text, 'buildspec.yml');
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
}

describe('parseBuildspec', () => {
  it('reads everything a buildspec 0.2 offers that means something on a host', () => {
    const spec = parseBuildspec(
      `
version: 0.2
env:
  shell: bash
  variables:
    JAVA_HOME: /usr/lib/jvm/java-17
    RATIO: 1.10
    FLAG: yes
  parameter-store:
    DB_HOST: /app/db/host
  secrets-manager:
    TOKEN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci-token:token::'
  exported-variables:
    - VERSION
  git-credential-helper: yes
proxy:
  upload-artifacts: yes
phases:
  install:
    runtime-versions:
      nodejs: 20
      python: 3.12
    commands:
      - npm ci
      - true
  build:
    on-failure: CONTINUE
    commands:
      - npm test
    finally:
      - echo done
reports:
  arn:aws:codebuild:eu-west-1:123456789012:report-group/unit:
    files: ['**/junit-*.xml']
    base-directory: build/test-results
    discard-paths: no
  cucumber:
    files: report.json
    file-format: CucumberJson
  coverage:
    files: [coverage.xml]
    file-format: COBERTURAXML
artifacts:
  files:
    - '**/*'
  base-directory: dist
  discard-paths: no
  exclude-paths: ['**/*.map']
  enable-symlinks: yes
  name: app-$(date +%Y)
  s3-prefix: builds
  secondary-artifacts:
    Docs:
      files: [docs/**/*]
cache:
  paths:
    - node_modules/**/*
`,
      'buildspec.yml',
    );
    expect(spec.shell).toBe('bash');
    // Plain scalars are taken as written, not as YAML numbers or booleans.
    expect(spec.env.variables).toEqual({ JAVA_HOME: '/usr/lib/jvm/java-17', RATIO: '1.10', FLAG: 'yes' });
    expect(spec.env.parameterStore).toEqual({ DB_HOST: '/app/db/host' });
    expect(spec.env.secretsManager.TOKEN).toBe('arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci-token:token::');
    expect(spec.env.exportedVariables).toEqual(['VERSION']);
    expect(spec.phases.INSTALL).toEqual({ commands: ['npm ci', 'true'], finally: [], runtimeVersions: { nodejs: '20', python: '3.12' } });
    expect(spec.phases.BUILD).toEqual({ commands: ['npm test'], finally: ['echo done'], onFailure: 'CONTINUE', runtimeVersions: {} });
    expect(spec.phases.POST_BUILD.commands).toEqual([]);
    expect(spec.reports).toEqual([
      { group: 'arn:aws:codebuild:eu-west-1:123456789012:report-group/unit', files: ['**/junit-*.xml'], baseDirectory: 'build/test-results', discardPaths: false, format: 'JUNITXML' },
      { group: 'cucumber', files: ['report.json'], discardPaths: false, format: 'CUCUMBERJSON' },
      { group: 'coverage', files: ['coverage.xml'], discardPaths: false, format: 'COBERTURAXML' },
    ]);
    expect(spec.artifacts).toEqual({
      files: ['**/*'],
      baseDirectory: 'dist',
      discardPaths: false,
      excludePaths: ['**/*.map'],
      enableSymlinks: true,
      name: 'app-$(date +%Y)',
      secondaryArtifacts: { Docs: { files: ['docs/**/*'], discardPaths: false, excludePaths: [], enableSymlinks: false } },
    });
    expect(spec.cachePaths).toEqual(['node_modules/**/*']);
    expect(spec.notes).toEqual([
      'git-credential-helper is ignored: git uses the host’s own credentials',
      'proxy settings are ignored: builds use the host’s network directly',
      "artifacts.s3-prefix is ignored: artifacts go to Pipewright's artifact store",
    ]);
  });

  it.each([
    ['phases:\n  build:\n    commands: [ls]\n', 'buildspec.yml line 1, column 1: has no version: add `version: 0.2`'],
    ['version: 0.2\n', 'buildspec.yml line 1, column 1: has no phases'],
    ['version: 0.3\nphases: {}\n', 'buildspec.yml line 1, column 10: version must be 0.2 (or 0.1), not 0.3'],
    ['version: 0.2\nrun-as: -x\nphases: {}\n', 'buildspec.yml line 2, column 9: run-as must be a user name, not -x'],
    ['version: 0.2\nphases: {}\nartifacts:\n  secondary-artifacts:\n    docs:\n      name: x\n', 'buildspec.yml line 6, column 7: artifacts.secondary-artifacts.docs needs files'],
    [
      'version: 0.2\nphases:\n  build:\n    commands:\n      - echo ok\n      - echo key: value\n',
      "buildspec.yml line 6, column 9: phases.build.commands[1] must be a string (a ': ' inside a plain value makes YAML read a mapping: quote the value)",
    ],
    ['version: 0.2\nphases:\n  build:\n    commands: echo\n', 'buildspec.yml line 4, column 15: phases.build.commands must be a list'],
    ['version: 0.2\nbatch:\n  fast-fail: true\nphases: {}\n', 'buildspec.yml line 3, column 3: batch needs exactly one of build-list, build-graph or build-matrix'],
    ['version: 0.2\nbatch:\n  build-graph:\n    - identifier: a\n      depend-on: [b]\n    - identifier: b\n      depend-on: [a]\nphases: {}\n', 'batch build-graph has a cycle among a, b'],
    ['version: 0.2\nenv:\n  shell: powershell.exe\nphases: {}\n', 'buildspec.yml line 3, column 10: env.shell must be bash or /bin/sh on a Linux host, not powershell.exe'],
    ['version: 0.2\nphases:\n  build:\n    on-failure: RETRY-3\n    commands: [ls]\n', 'buildspec.yml line 4, column 17: phases.build.on-failure RETRY-3 is not supported yet: use ABORT or CONTINUE'],
    ['version: 0.2\nphases:\n  build:\n    runtime-versions: { java: 17 }\n', 'buildspec.yml line 4, column 5: phases.build.runtime-versions is only allowed in the install phase'],
    ['version: 0.2\nphases: {}\nartifacts:\n  name: x\n', 'buildspec.yml line 4, column 3: artifacts needs files'],
    ['version: 0.2\nphases: {}\nreports:\n  r:\n    files: [a]\n    file-format: XUNIT\n', 'buildspec.yml line 6, column 18: reports.r.file-format must be one of JUNITXML, CUCUMBERJSON, NUNITXML, NUNIT3XML, TESTNGXML, VISUALSTUDIOTRX, CLOVERXML, COBERTURAXML, JACOCOXML, SIMPLECOV, LCOVINFO, not XUNIT'],
    ['version: 0.2\nphases:\n  build:\n    commands: [ls\n', 'buildspec.yml line 5, column 1: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]'],
  ])('refuses %j with a message that says where', (text, message) => {
    expect(failure(text)).toContain(message);
  });

  it('takes keys CodeBuild does not know as a warning in CodeBuild’s form, not a refusal', () => {
    // CodeBuild warns and goes on (a real log in aws/aws-toolkit-vscode#4008: "Found possible syntax
    // errors in buildspec: In the section BUILD The following keys cannot be identified: env").
    const spec = parseBuildspec('version: 0.2\nphases:\n  compile:\n    commands: [ls]\n  build:\n    comands: [ls]\n', 'buildspec.yml');
    expect(spec.warnings).toEqual([
      'Found possible syntax errors in buildspec:',
      'In the section PHASES',
      '\tThe following keys cannot be identified:',
      '\t\tcompile',
      'In the section BUILD',
      '\tThe following keys cannot be identified:',
      '\t\tcomands',
    ]);
  });

  it('reads version 0.1 with environment_variables, and run-as at the top and in phases', () => {
    const spec = parseBuildspec('version: 0.1\nrun-as: builder\nenvironment_variables:\n  plaintext:\n    A: b\nphases:\n  build:\n    run-as: builder\n    commands: [ls]\n', 'buildspec.yml');
    expect(spec).toMatchObject({ version: '0.1', runAs: 'builder', env: { variables: { A: 'b' } }, warnings: [] });
    expect(spec.phases.BUILD.runAs).toBe('builder');
    // In 0.2 the old key is one CodeBuild does not know.
    expect(parseBuildspec('version: 0.2\nenvironment_variables:\n  plaintext: { A: b }\nphases: {}\n', 'buildspec.yml').warnings).toContain('\t\tenvironment_variables');
  });

  it('takes only secondary-artifacts, as AWS’s multi-source sample writes them', () => {
    const spec = parseBuildspec('version: 0.2\nphases: {}\nartifacts:\n  secondary-artifacts:\n    a1:\n      base-directory: $CODEBUILD_SRC_DIR\n      files: [f]\n', 'buildspec.yml');
    expect(spec.artifacts).toMatchObject({ files: [], secondaryArtifacts: { a1: { files: ['f'], baseDirectory: '$CODEBUILD_SRC_DIR' } } });
  });
});

describe('parseSecretReference', () => {
  it.each([
    ['db', { secretId: 'db' }],
    ['db:password', { secretId: 'db', jsonKey: 'password' }],
    ['db::AWSPREVIOUS', { secretId: 'db', versionStage: 'AWSPREVIOUS' }],
    ['db:::v-1', { secretId: 'db', versionId: 'v-1' }],
    ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf', { secretId: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf' }],
    ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:db:user:AWSCURRENT', { secretId: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db', jsonKey: 'user', versionStage: 'AWSCURRENT' }],
  ])('%s', (reference, parsed) => {
    expect(parseSecretReference(reference)).toEqual(parsed);
  });
});
