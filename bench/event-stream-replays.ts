/**
 * Event streams replaying from 0 against GetPipelineState (issue 16: "500 event streams that replay
 * from 0 stall GetPipelineState for 22 s"). A server process on a data directory seeded with an event
 * log of EVENTS events; this process opens STREAMS `GET /api/events?lastEventId=0` streams and reads
 * them to the end of the log; a reader process (fixtures/state-reader.ts) times GetPipelineState
 * meanwhile. Prints the streams accepted and refused, how long the replays took, and the reads' p50,
 * p99 and max. Target: max under 1 s.
 *
 * Usage: node --import tsx bench/event-stream-replays.ts [streams] [events]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { CodePipelineClient, CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { pino } from 'pino';
import { resolveServerConfig } from '../src/server/config.js';
import { startServer } from '../src/server/start-server.js';

const streams = Number(process.argv[2] ?? 500);
const events = Number(process.argv[3] ?? 5000);
const dataDir = mkdtempSync(join(tmpdir(), 'pipewright-bench-streams-'));

// 1. A pipeline and an event log of `events` events (copies of real ones, as the engine wrote them).
{
  const config = resolveServerConfig({ host: '127.0.0.1', port: 0, dataDir }, {});
  const server = await startServer(config, { logger: pino({ level: 'silent' }) });
  const client = new CodePipelineClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 's' } });
  await client.send(
    new CreatePipelineCommand({
      pipeline: {
        name: 'watched',
        roleArn: 'arn:aws:iam::123456789012:role/bench',
        artifactStore: { type: 'S3', location: 'bench' },
        stages: [
          { name: 'Source', actions: [{ name: 'S', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' }, configuration: { RepositoryName: 'none', BranchName: 'main' }, outputArtifacts: [{ name: 'o' }] }] },
          { name: 'Hold', actions: [{ name: 'H', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } }] },
        ],
      },
    }),
  );
  client.destroy();
  await server.close();
  const db = new Database(join(dataDir, 'pipewright.db'));
  const sample = db.prepare('SELECT pipeline_name, execution_id, time, detail_type, detail FROM events ORDER BY sequence LIMIT 1').get() as Record<string, unknown>;
  const insert = db.prepare('INSERT INTO events (pipeline_name, execution_id, time, detail_type, detail) VALUES (@pipeline_name, @execution_id, @time, @detail_type, @detail)');
  db.transaction(() => {
    for (let i = 0; i < events; i += 1) insert.run(sample);
  })();
  db.close();
}

// 2. The server in a process of its own.
const server = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'server', '--host', '127.0.0.1', '--port', '0', '--no-demo', '--data-dir', dataDir], {
  env: { ...process.env, PIPEWRIGHT_LOG_LEVEL: 'info', PIPEWRIGHT_MAX_EVENT_STREAMS: process.env.PIPEWRIGHT_MAX_EVENT_STREAMS ?? '1000' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise<string>((resolve) => {
  createInterface({ input: server.stdout }).on('line', (line) => {
    const record = JSON.parse(line) as { msg?: string; url?: string };
    if (record.msg === 'pipewright is ready' && record.url !== undefined) resolve(record.url);
  });
});

// 3. The reader, timing GetPipelineState every 10 ms.
const reader = spawn(process.execPath, ['--import', 'tsx', 'bench/fixtures/state-reader.ts', url, 'watched'], { stdio: ['pipe', 'pipe', 'inherit'] });
const readerLines = createInterface({ input: reader.stdout });
const readerOutput: string[] = [];
await new Promise<void>((resolve) => {
  readerLines.on('line', (line) => {
    if (line === 'ready') resolve();
    else readerOutput.push(line);
  });
});

// 4. The streams: each reads until it has seen the last event of the log, or is refused.
const { port } = new URL(url);
const started = performance.now();
let refused = 0;
const replays = Array.from(
  { length: streams },
  () =>
    new Promise<number>((resolve) => {
      const outgoing = request({ host: '127.0.0.1', port, path: '/api/events?lastEventId=0', headers: { accept: 'text/event-stream' } }, (response) => {
        if (response.statusCode !== 200) {
          refused += 1;
          response.resume();
          resolve(performance.now() - started);
          return;
        }
        let seen = 0;
        let tail = '';
        response.on('data', (chunk: Buffer) => {
          const text = tail + chunk.toString('utf8');
          const parts = text.split('\n\n');
          tail = parts.pop() ?? '';
          seen += parts.filter((part) => part.includes('\ndata: ') || part.startsWith('id: ')).length;
          if (seen >= events) {
            resolve(performance.now() - started);
            outgoing.destroy();
          }
        });
      });
      outgoing.on('error', () => resolve(performance.now() - started));
      outgoing.end();
    }),
);
const finished = await Promise.all(replays);
reader.stdin.end();
await new Promise((resolve) => reader.on('exit', resolve));
server.kill('SIGTERM');
await new Promise((resolve) => server.on('exit', resolve));
rmSync(dataDir, { recursive: true, force: true });

const latencies = (JSON.parse(readerOutput.at(-1) ?? '[]') as number[]).sort((a, b) => a - b);
const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
const maxMs = latencies.at(-1) ?? Number.NaN;
console.log(
  JSON.stringify({
    streams,
    events,
    accepted: streams - refused,
    refused,
    replaysDoneMs: Math.round(Math.max(...finished)),
    getPipelineState: { reads: latencies.length, p50Ms: Math.round(at(0.5)), p99Ms: Math.round(at(0.99)), maxMs: Math.round(maxMs) },
  }),
);
console.log(maxMs < 1000 ? 'target met: GetPipelineState max under 1 s' : 'target missed: GetPipelineState max over 1 s');
process.exitCode = maxMs < 1000 ? 0 : 1;
