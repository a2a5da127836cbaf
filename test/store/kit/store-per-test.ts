import { afterEach, beforeEach } from 'vitest';
import type { Store } from '../../../src/core/contracts/store.js';
import type { PipelineDeclaration } from '../../../src/core/declaration/types.js';
import type { StoreDialect, TestStore } from '../../../src/store/test-kit/store-dialects.js';

/**
 * Opens a fresh store of `dialect` before each test of the calling describe block and disposes of it
 * after: each test starts from an empty, migrated schema. `use` receives it (and may seed it).
 */
export function openStorePerTest(dialect: StoreDialect, use: (store: Store) => void | Promise<void>): void {
  let opened: TestStore | undefined;
  beforeEach(async () => {
    opened = await dialect.open();
    await use(opened.store);
  });
  afterEach(async () => {
    await opened?.dispose();
    opened = undefined;
  });
}

/** A pipeline as the store keeps it (no validation happens there): a CodeCommit source and one build. */
export function sourceAndBuild(name: string, options: { stageName?: string; artifactBucket?: string } = {}): PipelineDeclaration {
  return {
    name,
    roleArn: 'arn:aws:iam::123456789012:role/r',
    artifactStore: { type: 'S3', location: options.artifactBucket ?? 'bucket' },
    stages: [
      { name: 'Source', actions: [{ name: 'S', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' } }] },
      { name: options.stageName ?? 'Build', actions: [{ name: 'B', actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' } }] },
    ],
  };
}
