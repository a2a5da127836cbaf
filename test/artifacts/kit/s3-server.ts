import S3rver from 's3rver';
import type { S3Settings } from '../../../src/artifacts/s3/s3-settings.js';
import { temporaryDirectory } from './trees.js';

export interface TestS3 {
  settings: S3Settings;
  close(): Promise<void>;
}

/** A real S3-protocol server (s3rver) on a free loopback port, with the given buckets, its data in a tmp dir. */
export async function startTestS3(buckets: string[]): Promise<TestS3> {
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: temporaryDirectory('s3rver'),
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const { port } = await server.run();
  return {
    settings: {
      endpoint: `http://127.0.0.1:${port}`,
      bucket: buckets[0] ?? 'artifacts',
      region: 'us-east-1',
      // s3rver's own well-known credentials: it checks signatures like S3.
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      forcePathStyle: true,
    },
    close: () => server.close(),
  };
}
