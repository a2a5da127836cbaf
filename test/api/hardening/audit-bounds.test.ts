import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../../kit/raw-http.js';
import { startTestServer, type TestServer } from '../../kit/test-server.js';

/**
 * The audit record keeps refused calls too, and a refused call's input is whatever its caller sent: a
 * 7 MB pipeline name grew the audit table by 15 MB per call (the name and its index entry). Fields are
 * bounded before they are recorded, and the table is capped (PIPEWRIGHT_AUDIT_MAX_RECORDS).
 */
describe('audit bounds', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ configure: (config) => (config.limits.maxAuditRecords = 150) });
  });
  afterAll(async () => {
    await server.close();
  });

  const call = (operation: string, body: string) =>
    rawRequest(server.url, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `CodePipeline_20150709.${operation}` }, body });
  function databaseBytes(): number {
    const db = new Database(join(server.dataDir, 'pipewright.db'), { readonly: true });
    try {
      const pages = db.pragma('page_count', { simple: true }) as number;
      const size = db.pragma('page_size', { simple: true }) as number;
      return pages * size;
    } finally {
      db.close();
    }
  }

  it('records a refused 7 MB name in a few hundred bytes', async () => {
    const before = databaseBytes();
    const name = 'n'.repeat(7 * 1024 * 1024);
    for (let i = 0; i < 3; i += 1) {
      const refused = await call('StopPipelineExecution', JSON.stringify({ pipelineName: name, pipelineExecutionId: '00000000-0000-4000-8000-000000000000' }));
      expect(refused.status).toBe(400);
    }
    // Three calls: well under 64 KB (pages of the table and its index), where 45 MB went before.
    expect(databaseBytes() - before).toBeLessThan(64 * 1024);
    const { json } = await rawRequest(server.url, { path: '/api/audit?limit=3' });
    const records = json.records as { pipelineName: string; message?: string; operation: string }[];
    expect(records).toHaveLength(3);
    for (const record of records) {
      expect(record.operation).toBe('StopPipelineExecution');
      expect(record.pipelineName.length).toBeLessThanOrEqual(100);
      expect(record.pipelineName).toContain(`(${name.length} characters)`);
      expect(record.message?.length ?? 0).toBeLessThanOrEqual(1024);
    }
  });

  it('keeps the latest records up to the retention cap', async () => {
    for (let i = 0; i < 250; i += 1) {
      const refused = await call('StopPipelineExecution', JSON.stringify({ pipelineName: `p${i}`, pipelineExecutionId: '00000000-0000-4000-8000-000000000000' }));
      expect(refused.status).toBe(400);
    }
    const { json } = await rawRequest(server.url, { path: '/api/audit?limit=1000' });
    const sequences = (json.records as { sequence: number; pipelineName: string }[]).map((record) => record.sequence);
    // 253 recorded; trimmed to the latest 150 at the 200th, then 53 more: never more than cap + 100.
    expect(sequences.length).toBeLessThanOrEqual(250);
    expect(sequences.length).toBeGreaterThanOrEqual(150);
    expect(Math.min(...sequences)).toBeGreaterThan(3);
    expect(Math.max(...sequences)).toBe(253);
  });
});
