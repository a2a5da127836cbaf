import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ArtifactStore } from '../../core/contracts/artifact-store.js';
import type { StoreOperations } from '../../core/contracts/store.js';
import { PipewrightError } from '../../core/errors/index.js';
import { sendApiError } from './api-route-support.js';

export interface ArtifactDownloadOptions {
  store: Pick<StoreOperations, 'getExecution'>;
  artifacts: Pick<ArtifactStore, 'writeZip' | 'exists'>;
}

/**
 * `GET /api/executions/<pipeline>/<executionId>/artifacts/<name>` → the artifact as a zip (what
 * CodePipeline keeps in its S3 artifact bucket, which its console links to). Only artifacts the
 * execution produced; one that retention swept is ResourceNotFoundException.
 */
export function registerArtifactDownloadRoute(app: FastifyInstance, options: ArtifactDownloadOptions): void {
  app.get('/api/executions/:pipelineName/:executionId/artifacts/:artifactName', async (request, reply) => {
    const { pipelineName, executionId, artifactName } = request.params as { pipelineName: string; executionId: string; artifactName: string };
    try {
      const record = await options.store.getExecution(pipelineName, executionId);
      if (record === undefined) throw new PipewrightError('PipelineExecutionNotFoundException', `Pipeline ${pipelineName} has no execution with id ${executionId}.`);
      const ref = record.execution.artifacts[artifactName];
      if (ref === undefined || !(await options.artifacts.exists(ref))) {
        throw new PipewrightError('ResourceNotFoundException', `Execution ${executionId} of ${pipelineName} has no stored artifact named ${artifactName}.`);
      }
      const scratch = await mkdtemp(join(tmpdir(), 'pipewright-download-'));
      const zipPath = join(scratch, 'artifact.zip');
      await options.artifacts.writeZip(ref, zipPath);
      const stream = createReadStream(zipPath);
      // The zip is a temporary copy: gone once it was sent (or the download was abandoned).
      stream.on('close', () => void rm(scratch, { recursive: true, force: true }));
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', `attachment; filename="${artifactName.replace(/[^\w.-]/g, '_')}.zip"`)
        .header('cache-control', 'no-store')
        .send(stream);
    } catch (error) {
      return sendApiError(request, reply, error);
    }
  });
}
