import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../kit/test-server.js';

/** The AWS JSON 1.1 protocol as a raw HTTP client sees it: targets, bodies, and AWS-shaped errors. */
describe('CodePipeline JSON 1.1 protocol', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  async function call(target: string | undefined, body: string): Promise<{ status: number; errorType: string | null; json: Record<string, unknown> }> {
    const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1' };
    if (target !== undefined) headers['x-amz-target'] = target;
    const response = await fetch(`${server.url}/`, { method: 'POST', headers, body });
    return {
      status: response.status,
      errorType: response.headers.get('x-amzn-errortype'),
      json: (await response.json()) as Record<string, unknown>,
    };
  }

  it('answers GET /healthz with 200 when ready', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
  });

  it('answers a known operation with 200 and the JSON 1.1 content type', async () => {
    const response = await fetch(`${server.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'CodePipeline_20150709.ListPipelines' },
      body: '{}',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(await response.json()).toEqual({ pipelines: [] });
  });

  it('refuses an unknown operation with UnknownOperationException', async () => {
    const result = await call('CodePipeline_20150709.LaunchRockets', '{}');
    expect(result.status).toBe(400);
    expect(result.errorType).toBe('UnknownOperationException');
    expect(result.json.__type).toBe('UnknownOperationException');
  });

  it('refuses a request without a target, or with another service prefix', async () => {
    expect((await call(undefined, '{}')).json.__type).toBe('UnknownOperationException');
    expect((await call('DynamoDB_20120810.ListTables', '{}')).json.__type).toBe('UnknownOperationException');
  });

  it('refuses malformed JSON with SerializationException', async () => {
    const result = await call('CodePipeline_20150709.GetPipeline', '{"name": ');
    expect(result.status).toBe(400);
    expect(result.json).toMatchObject({ __type: 'SerializationException' });
  });

  it('refuses a value of the wrong type with SerializationException naming the member', async () => {
    const result = await call('CodePipeline_20150709.GetPipeline', JSON.stringify({ name: 42 }));
    expect(result.json.__type).toBe('SerializationException');
    expect(result.json.message).toBe("Expected a string at 'name' but found a number.");
    const version = await call('CodePipeline_20150709.GetPipeline', JSON.stringify({ name: 'app', version: 'one' }));
    expect(version.json.message).toBe("Expected an integer at 'version' but found a string.");
  });

  it('reports constraint violations together, worded as AWS words them', async () => {
    const result = await call('CodePipeline_20150709.GetPipeline', JSON.stringify({ name: 'bad name!', version: 0 }));
    expect(result.json.__type).toBe('ValidationException');
    expect(result.json.message).toMatch(/^2 validation errors detected: /);
    expect(result.json.message).toContain("Value 'bad name!' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern");
    expect(result.json.message).toContain("Value '0' at 'version' failed to satisfy constraint: Member must have value greater than or equal to 1");
  });

  it('reports a missing required member as null', async () => {
    const result = await call('CodePipeline_20150709.GetPipeline', '{}');
    expect(result.json).toEqual({
      __type: 'ValidationException',
      message: "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
    });
  });
});
