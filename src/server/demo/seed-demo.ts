import { createRepository, gitServerEnvironment } from '../../api/http/git-repositories.js';
import type { CreatePipelineInput } from '../../api/wire/shapes.js';
import type { Partition } from '../../core/arn.js';
import { signedHeaders, type SigningCredentials } from '../../client/signed-fetch.js';
import { commitSampleApp } from './commit-sample-app.js';
import { demoNames } from './demo-names.js';
import { demoPipeline } from './demo-pipeline.js';
import { createDemoRole } from './demo-role.js';

/**
 * Sets the demo up with the parts a user would use: the repository as `POST /api/repos` creates it,
 * the sample app committed and pushed with git, and the pipeline created through the server's own API
 * (CreatePipeline over HTTP: the model's validation, the operation, the audit record), which starts its
 * first execution at once, as CodePipeline does.
 */
export async function seedDemo(options: { dataDir: string; reposDir: string; serverUrl: string; partition: Partition; credentials?: SigningCredentials }): Promise<{ commitId: string }> {
  const env = gitServerEnvironment(options.dataDir);
  const created = await createRepository(options.reposDir, demoNames.repository, env);
  if ('refused' in created) throw new Error(created.message);
  const commitId = await commitSampleApp(created.created.directory, env);

  if (options.credentials !== undefined) await createDemoRole(options.serverUrl, options.partition, options.credentials);
  await createPipeline(options.serverUrl, { pipeline: demoPipeline(options.serverUrl, options.partition.accountId) }, options.partition, options.credentials);
  return { commitId };
}

/**
 * CreatePipeline on the JSON 1.1 protocol, called the way the console calls it (the caller named by
 * `x-pipewright-user`, no signature in none mode; signed with the root's new key in iam mode): no SDK in
 * the server process.
 */
async function createPipeline(serverUrl: string, input: CreatePipelineInput, partition: Partition, credentials?: SigningCredentials): Promise<void> {
  const body = JSON.stringify(input);
  const headers = {
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': 'CodePipeline_20150709.CreatePipeline',
    'x-pipewright-user': 'pipewright-demo',
  };
  const response = await fetch(`${serverUrl}/`, {
    method: 'POST',
    headers: credentials === undefined ? headers : await signedHeaders(`${serverUrl}/`, { method: 'POST', headers, body }, credentials, { region: partition.region }),
    body,
  });
  if (!response.ok) {
    const refusal = (await response.json().catch(() => ({}))) as { __type?: string; message?: string };
    throw new Error(`CreatePipeline answered ${response.status} ${refusal.__type ?? ''}: ${refusal.message ?? ''}`);
  }
}
