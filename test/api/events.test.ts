import { CreatePipelineCommand, ListPipelineExecutionsCommand, StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerEventsRoute } from '../../src/api/http/events-route.js';
import { EngineSignals, type EngineSignalMap } from '../../src/engine/engine-signals.js';
import { openStore } from '../../src/store/open-store.js';
import { dropTestSchema } from '../../src/store/test-kit/store-dialects.js';
import { SseReader, type SseEvent } from '../console/sse-reader.js';
import { codeBuild, codeCommitSource, declaration, hostedRepository, waitForExecution } from '../kit/pipelines.js';
import { startTestServer, type TestServer } from '../kit/test-server.js';

interface EventBridgeShape {
  version: string;
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown> & { pipeline: string; 'execution-id': string; state: string };
}

const parse = (event: SseEvent): EventBridgeShape => JSON.parse(event.data) as EventBridgeShape;
const isPipelineEnd = (event: SseEvent): boolean =>
  event.event === 'CodePipeline Pipeline Execution State Change' && ['SUCCEEDED', 'FAILED'].includes(parse(event).detail.state);

const databaseUrl = process.env.PIPEWRIGHT_TEST_DATABASE_URL;
/** The stream reads the event log: on SQLite always, and on PostgreSQL (a schema of its own) when one is named. */
const stores: { name: string; schema?: string }[] = [
  { name: 'sqlite' },
  ...(databaseUrl !== undefined && databaseUrl !== '' ? [{ name: 'postgres', schema: `pw_events_${randomBytes(6).toString('hex')}` }] : []),
];

/** GET /api/events: the state-change events as Server-Sent Events, read by a real HTTP client. */
describe.each(stores)('the event stream on $name', ({ schema }) => {
  let server: TestServer;
  let firstRun: SseEvent[];
  beforeAll(async () => {
    server = await startTestServer(schema !== undefined ? { storeLocation: { kind: 'postgres', url: databaseUrl!, schema } } : {});
    await hostedRepository(server.dataDir, 'events-app', { 'buildspec.yml': 'version: 0.2\nphases:\n  build:\n    commands:\n      - echo built\n' });
    for (const name of ['alpha', 'beta']) {
      await server.client.send(
        new CreatePipelineCommand({ pipeline: declaration(name, [{ name: 'Source', actions: [codeCommitSource('events-app')] }, { name: 'Build', actions: [codeBuild('Compile')] }]) }),
      );
    }
    // CreatePipeline started alpha's first execution: replay the whole log of alpha until it ends.
    const reader = await SseReader.open(`${server.url}/api/events?pipeline=alpha&lastEventId=0`);
    firstRun = await reader.collect(isPipelineEnd);
    reader.close();
    // Beta's first execution (CreatePipeline) must be over before the tests that watch beta live.
    const { pipelineExecutionSummaries } = await server.client.send(new ListPipelineExecutionsCommand({ pipelineName: 'beta' }));
    for (const summary of pipelineExecutionSummaries ?? []) await waitForExecution(server.client, 'beta', summary.pipelineExecutionId!);
  });
  afterAll(async () => {
    await server.close();
    if (schema !== undefined) await dropTestSchema(databaseUrl!, schema);
  });

  it('streams numbered events in EventBridge shape, with the detail-type as the event name', async () => {
    const reader = await SseReader.open(`${server.url}/api/events?lastEventId=0`);
    expect(reader.contentType).toMatch(/^text\/event-stream/);
    reader.close();

    expect(firstRun.length).toBeGreaterThanOrEqual(8);
    const ids = firstRun.map((event) => Number(event.id));
    expect(ids.every((id, index) => Number.isInteger(id) && (index === 0 || id > ids[index - 1]!))).toBe(true);
    for (const event of firstRun) {
      const body = parse(event);
      expect(body['detail-type']).toBe(event.event);
      expect(body).toMatchObject({ version: '0', source: 'aws.codepipeline', account: server.config.partition.accountId, region: server.config.partition.region });
      expect(body.resources).toEqual([`arn:aws:codepipeline:${server.config.partition.region}:${server.config.partition.accountId}:alpha`]);
      expect(body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(body.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(body.detail.pipeline).toBe('alpha');
    }
    const first = parse(firstRun[0]!);
    expect(first['detail-type']).toBe('CodePipeline Pipeline Execution State Change');
    expect(first.detail.state).toBe('STARTED');
    expect(first.detail['execution-trigger']).toMatchObject({ 'trigger-type': 'CreatePipeline' });
    const compileStates = firstRun
      .map(parse)
      .filter((event) => event['detail-type'] === 'CodePipeline Action Execution State Change' && event.detail.action === 'Compile')
      .map((event) => event.detail.state);
    expect(compileStates).toEqual(['STARTED', 'SUCCEEDED']);
    expect(parse(firstRun.at(-1)!).detail.state).toBe('SUCCEEDED');
  });

  it('resumes after Last-Event-ID, from the header or the query', async () => {
    const resumeAfter = firstRun[2]!.id!;
    const byHeader = await SseReader.open(`${server.url}/api/events?pipeline=alpha`, { 'last-event-id': resumeAfter });
    expect((await byHeader.next())?.id).toBe(firstRun[3]!.id);
    byHeader.close();
    const byQuery = await SseReader.open(`${server.url}/api/events?pipeline=alpha&lastEventId=${resumeAfter}`);
    const again = await byQuery.next();
    byQuery.close();
    expect(again?.id).toBe(firstRun[3]!.id);
    // The same event has the same EventBridge id on every delivery.
    expect(parse(again!).id).toBe(parse(firstRun[3]!).id);
  });

  it('streams live: a stream without a cursor gets only what happens from now on, filtered by pipeline', async () => {
    const all = await SseReader.open(`${server.url}/api/events`);
    const onlyAlpha = await SseReader.open(`${server.url}/api/events?pipeline=alpha`);
    const { pipelineExecutionId } = await server.client.send(new StartPipelineExecutionCommand({ name: 'beta' }));
    const betaRun = await all.collect(isPipelineEnd);
    expect(betaRun.map(parse).every((event) => event.detail.pipeline === 'beta' && event.detail['execution-id'] === pipelineExecutionId)).toBe(true);
    expect(parse(betaRun[0]!).detail.state).toBe('STARTED');
    expect(parse(betaRun[0]!).detail['execution-trigger']).toMatchObject({ 'trigger-type': 'StartPipelineExecution' });
    await waitForExecution(server.client, 'beta', pipelineExecutionId!);

    // Alpha's stream saw none of beta's events: its first event is alpha's next execution.
    const alphaRun = await server.client.send(new StartPipelineExecutionCommand({ name: 'alpha' }));
    const firstOfAlpha = await onlyAlpha.next();
    expect(parse(firstOfAlpha!).detail).toMatchObject({ pipeline: 'alpha', 'execution-id': alphaRun.pipelineExecutionId, state: 'STARTED' });
    all.close();
    onlyAlpha.close();
    await waitForExecution(server.client, 'alpha', alphaRun.pipelineExecutionId!);
  });

  it('starts a cursor from another event log (past the end of this one) at the end', async () => {
    const reader = await SseReader.open(`${server.url}/api/events?pipeline=beta`, { 'last-event-id': '999999999' });
    const { pipelineExecutionId } = await server.client.send(new StartPipelineExecutionCommand({ name: 'beta' }));
    expect(parse((await reader.next())!).detail).toMatchObject({ 'execution-id': pipelineExecutionId, state: 'STARTED' });
    reader.close();
    await waitForExecution(server.client, 'beta', pipelineExecutionId!);
  });

  it('refuses an unknown pipeline and a cursor that is not a sequence number', async () => {
    const unknown = await fetch(`${server.url}/api/events?pipeline=nope`);
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ __type: 'PipelineNotFoundException' });
    const badCursor = await fetch(`${server.url}/api/events`, { headers: { 'last-event-id': 'yesterday' } });
    expect(badCursor.status).toBe(400);
    expect(await badCursor.json()).toMatchObject({ __type: 'ValidationException', message: expect.stringContaining('Last-Event-ID') as unknown });
  });
});

describe('the event stream route on its own', () => {
  /** Real signals whose listeners can be counted: the route must remove its own when a reader leaves. */
  class CountedSignals extends EngineSignals {
    listening = 0;
    override on<K extends keyof EngineSignalMap>(signal: K, listener: (payload: EngineSignalMap[K]) => void): () => void {
      this.listening++;
      const off = super.on(signal, listener);
      return () => {
        this.listening--;
        return off();
      };
    }
  }

  async function until(check: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('removes its listener when the reader disconnects, and ends open streams when the server closes', async () => {
    const store = await openStore({ kind: 'sqlite', path: ':memory:' });
    const signals = new CountedSignals();
    const app = Fastify();
    registerEventsRoute(app, { store, signals, partition: { region: 'eu-west-1', accountId: '123456789012' } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    try {
      const leaving = await SseReader.open(`${url}/api/events`);
      await until(() => signals.listening === 1, 'the stream to listen');
      leaving.close();
      await until(() => signals.listening === 0, 'the listener to be removed');

      const staying = await SseReader.open(`${url}/api/events`);
      await until(() => signals.listening === 1, 'the second stream to listen');
      await app.close();
      await until(() => staying.hasEnded, 'the stream to end');
      expect(signals.listening).toBe(0);
    } finally {
      await app.close();
      await store.close();
    }
  });
});
