import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreatePipelineCommand, GetPipelineCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { codeBuild, codeCommitSource, declaration, hostedRepository } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';
import { runCli } from './cli-kit.js';

/** `validate`, `apply`, `list`, `show`, `--json` and the exit codes, with the built CLI against a real server. */
describe('pipewright CLI: definitions', () => {
  let server: TestServer;
  let endpoint: string;
  const file = (name: string, text: string): string => {
    const path = join(server.dataDir, name);
    writeFileSync(path, text);
    return path;
  };
  const pipeline = (name: string) => declaration(name, [{ name: 'Source', actions: [codeCommitSource('defs')] }, { name: 'Build', actions: [codeBuild('Compile')] }]);

  beforeAll(async () => {
    server = await startTestServer();
    endpoint = server.url;
    await hostedRepository(server.dataDir, 'defs', { 'buildspec.yml': 'version: 0.2\nphases:\n  build:\n    commands:\n      - echo ok\n' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('validate accepts a good YAML file, offline, and says what it is', async () => {
    const path = file('good.yaml', stringify(pipeline('good')));
    const result = await runCli(['validate', '-f', path], { endpoint: 'http://127.0.0.1:1' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('pipeline good is valid (V1, SUPERSEDED, 2 stages)');
  });

  it('validate reports a YAML syntax error with the file, line and column, exit 1', async () => {
    const path = file('broken.yaml', 'name: broken\nstages:\n  - name: [unclosed\n  - name: other\n');
    const result = await runCli(['validate', '-f', path]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(path);
    expect(result.stderr).toMatch(/at line \d+, column \d+/);
    const json = await runCli(['--json', 'validate', '-f', path]);
    expect(json.code).toBe(1);
    const answer = JSON.parse(json.stdout) as { valid: boolean; error: { type: string; line: number; column: number } };
    expect(answer).toMatchObject({ valid: false, error: { type: 'ParseError' } });
    expect(answer.error.line).toBeGreaterThanOrEqual(3);
  });

  it('validate names the path of the wrong field: model errors and the server’s own checks', async () => {
    const unnamed = pipeline('unnamed');
    unnamed.stages![1]!.actions![0]!.name = '';
    const modelError = await runCli(['validate', '-f', file('unnamed.json', JSON.stringify({ pipeline: unnamed }))]);
    expect(modelError.code).toBe(1);
    expect(modelError.stderr).toContain("ValidationException");
    expect(modelError.stderr).toContain("'pipeline.stages.2.member.actions.1.member.name'");

    const unknownProvider = pipeline('unknown');
    unknownProvider.stages![1]!.actions![0]!.actionTypeId!.provider = 'CodeBuilder';
    const semantic = await runCli(['validate', '-f', file('unknown.yaml', stringify(unknownProvider))]);
    expect(semantic.code).toBe(1);
    expect(semantic.stderr).toContain('InvalidActionDeclarationException');
    expect(semantic.stderr).toContain("action 'Compile' in stage 'Build'");
  });

  it('a file that cannot be read is a usage error (exit 2), as is an unknown option', async () => {
    const missing = await runCli(['validate', '-f', join(server.dataDir, 'nowhere.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Cannot read');
    const unknown = await runCli(['list', '--colour'], { endpoint });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--colour'");
  });

  it('apply creates, then updates; list and show see the result; --json output parses', async () => {
    const path = file('app.yaml', stringify(pipeline('app')));
    const created = await runCli(['apply', '-f', path], { endpoint });
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Created pipeline app: version 1');

    const changed = pipeline('app');
    changed.stages![1]!.actions![0]!.name = 'Compile2';
    writeFileSync(path, stringify(changed));
    const updated = await runCli(['--json', 'apply', '-f', path], { endpoint });
    expect(updated.code).toBe(0);
    const response = JSON.parse(updated.stdout) as { action: string; pipeline: { version: number } };
    expect(response).toMatchObject({ action: 'updated', pipeline: { version: 2 } });
    const stored = await server.client.send(new GetPipelineCommand({ name: 'app' }));
    expect(stored.pipeline!.stages![1]!.actions![0]!.name).toBe('Compile2');

    const list = await runCli(['list'], { endpoint });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^NAME\s+VERSION/m);
    expect(list.stdout).toMatch(/^app\s+2\s+V1\s+SUPERSEDED/m);
    const listJson = JSON.parse((await runCli(['--json', 'list'], { endpoint })).stdout) as { pipelines: { name: string }[] };
    expect(listJson.pipelines.map((summary) => summary.name)).toContain('app');

    const shown = await runCli(['show', 'app'], { endpoint });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('name: Compile2');
    // What show prints, apply takes back: the same definition is an update to version 3.
    const again = await runCli(['apply', '-f', file('shown.yaml', shown.stdout)], { endpoint });
    expect(again.stdout).toContain('Updated pipeline app: version 3');
    const showJson = JSON.parse((await runCli(['--json', 'show', 'app'], { endpoint })).stdout) as { pipeline: { name: string }; metadata: { pipelineArn: string } };
    expect(showJson.pipeline.name).toBe('app');
    expect(showJson.metadata.pipelineArn).toContain(':app');
  });

  it('the server’s refusal is exit 1 with <ExceptionName>: message on stderr, nothing on stdout', async () => {
    const result = await runCli(['--json', 'show', 'no-such-pipeline'], { endpoint });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^PipelineNotFoundException: .*no-such-pipeline/m);
  });

  it('no server at the endpoint is exit 3, saying how to start one', async () => {
    const result = await runCli(['list', '--endpoint-url', 'http://127.0.0.1:1']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('Cannot reach a Pipewright server at http://127.0.0.1:1');
    expect(result.stderr).toContain('pipewright server');
    const sse = await runCli(['repo', 'list'], { endpoint: 'http://127.0.0.1:1' });
    expect(sse.code).toBe(3);
  });

  it('webhook put, list, url and delete', async () => {
    await server.client.send(new CreatePipelineCommand({ pipeline: pipeline('hooked') }));
    const definition = {
      name: 'push',
      targetPipeline: 'hooked',
      targetAction: 'Checkout',
      filters: [{ jsonPath: '$.ref', matchEquals: 'refs/heads/main' }],
      authentication: 'GITHUB_HMAC',
      authenticationConfiguration: { SecretToken: 'a secret' },
    };
    const put = await runCli(['webhook', 'put', '-f', file('hook.yaml', stringify(definition))], { endpoint });
    expect(put.code, put.stderr).toBe(0);
    const url = /→ (\S+)/.exec(put.stdout)?.[1];
    expect(url).toMatch(new RegExp(`^${endpoint}/webhooks/[0-9a-f]+$`));

    const list = await runCli(['webhook', 'list', '--pipeline', 'hooked'], { endpoint });
    expect(list.stdout).toMatch(/^push\s+hooked\/Checkout\s+GITHUB_HMAC/m);
    expect((await runCli(['webhook', 'url', 'push'], { endpoint })).stdout.trim()).toBe(url);
    const listed = JSON.parse((await runCli(['--json', 'webhook', 'list'], { endpoint })).stdout) as { webhooks: { definition: { authenticationConfiguration: { SecretToken: string } } }[] };
    expect(listed.webhooks[0]!.definition.authenticationConfiguration.SecretToken).not.toBe('a secret');

    expect((await runCli(['webhook', 'delete', 'push'], { endpoint })).code).toBe(0);
    const gone = await runCli(['webhook', 'url', 'push'], { endpoint });
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/^WebhookNotFoundException: /m);
  });
});
