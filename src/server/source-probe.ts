import type { ObjectStore } from '../core/contracts/object-store.js';
import type { ActionDeclaration } from '../core/declaration/types.js';
import type { SourceProbe } from '../engine/change-detection/source-probe.js';
import { codeCommitChanges } from '../providers/codecommit/codecommit-changes.js';
import { connectionChanges } from '../providers/codestar-connection/connection-changes.js';
import { findConnectionById, webhookSecretOf } from '../providers/codestar-connection/connections-config.js';
import { awsProviderSettings, bucketOnAws } from '../providers/aws/shared/aws-client-settings.js';
import { gitHubChanges } from '../providers/github/github-changes.js';
import type { SourceChanges } from '../providers/git/source-changes.js';

/**
 * Change detection's view of the sources, from the providers: a CodeCommit branch by rev-parse (or
 * ls-remote on a worker without the repositories), a connection's branch by ls-remote, an S3 object's
 * version by a head of the object store (of S3 for the buckets PIPEWRIGHT_AWS_S3_BUCKETS names), an ECR tag's image digest by DescribeImages, a GitHub version 1 branch by ls-remote (github.json maps
 * where); changed files by git; connections from connections.json.
 */
export function sourceProbe(deps: { dataDir: string; reposDir: string; apiUrl: () => string; objects: ObjectStore; region: string }): SourceProbe {
  const gitChanges = async (action: ActionDeclaration): Promise<SourceChanges> => {
    const { owner, provider } = action.actionTypeId;
    const configuration = action.configuration ?? {};
    if (owner === 'AWS' && provider === 'CodeCommit') return codeCommitChanges({ dataDir: deps.dataDir, reposDir: deps.reposDir, apiUrl: deps.apiUrl() }, action.name, configuration);
    if (owner === 'AWS' && provider === 'CodeStarSourceConnection') return connectionChanges(deps.dataDir, action.name, configuration);
    if (owner === 'ThirdParty' && provider === 'GitHub') return gitHubChanges(deps.dataDir, action.name, configuration);
    throw new Error(`Action ${action.name} (${owner}/${provider}) is not a git source.`);
  };
  const aws = awsProviderSettings(process.env);
  return {
    latestRevision: async (action, signal) => {
      const { owner, provider } = action.actionTypeId;
      if (owner === 'AWS' && provider === 'S3') {
        const { S3Bucket: bucket = '', S3ObjectKey: key = '' } = action.configuration ?? {};
        if (!bucketOnAws(bucket, aws)) return (await deps.objects.headObject(bucket, key))?.versionId;
        // The S3 client is loaded by the first probe of a bucket on AWS, not at start.
        const { awsObjectStores } = await import('./aws-object-stores.js');
        const onAws = awsObjectStores(action.region ?? deps.region);
        try {
          return (await onAws.objects.headObject(bucket, key))?.versionId;
        } finally {
          onAws.close();
        }
      }
      if (owner === 'AWS' && provider === 'ECR') {
        const { ecrLatestDigest } = await import('../providers/aws/ecr/ecr-changes.js');
        return ecrLatestDigest(action, deps.region);
      }
      return (await gitChanges(action)).latestCommit(signal);
    },
    changedFiles: async (action, from, to) => (await gitChanges(action)).changedFiles(from, to),
    connection: async (id) => {
      const connection = await findConnectionById(deps.dataDir, id);
      if (connection === undefined) return undefined;
      const webhookSecret = webhookSecretOf(connection);
      return { arn: connection.arn, ...(webhookSecret !== undefined ? { webhookSecret } : {}) };
    },
  };
}
