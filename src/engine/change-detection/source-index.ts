import type { StoreOperations } from '../../core/contracts/store.js';
import type { PipelineDeclaration } from '../../core/declaration/types.js';
import { sourceActionsOf, type SourceAction } from './source-actions.js';

interface IndexedPipeline {
  version: number;
  /** When the version was stored: a pipeline deleted and created again elsewhere has version 1 again, not the same time. */
  updated: number;
  created: number;
  declaration: PipelineDeclaration;
  sources: SourceAction[];
}

const pageSize = 500;

/**
 * The pipelines' source actions as change detection needs them, kept in memory: which ones poll,
 * which react to pushes, which have triggers. It is a cache of the store, never the truth: `refresh`
 * re-reads one pipeline (its creation, update or deletion in this process), `sync` compares every
 * pipeline's version and update time with the store (one listing) and re-reads only those that changed,
 * so changes made through another replica are seen before each poll and each incoming event.
 */
export class SourceIndex {
  private readonly pipelines = new Map<string, IndexedPipeline>();

  constructor(private readonly store: Pick<StoreOperations, 'listPipelines' | 'getPipeline'>) {}

  async sync(): Promise<void> {
    const seen = new Set<string>();
    let afterName: string | undefined;
    for (;;) {
      const page = await this.store.listPipelines({ limit: pageSize, ...(afterName !== undefined ? { afterName } : {}) });
      for (const summary of page) {
        seen.add(summary.name);
        const known = this.pipelines.get(summary.name);
        if (known?.version !== summary.version || known.updated !== summary.updated) await this.refresh(summary.name);
      }
      if (page.length < pageSize) break;
      afterName = page.at(-1)?.name;
    }
    for (const name of [...this.pipelines.keys()]) if (!seen.has(name)) this.pipelines.delete(name);
  }

  async refresh(pipelineName: string): Promise<void> {
    const record = await this.store.getPipeline(pipelineName);
    if (record === undefined) {
      this.pipelines.delete(pipelineName);
      return;
    }
    this.pipelines.set(pipelineName, {
      version: record.version,
      updated: record.updated,
      created: record.created,
      declaration: record.declaration,
      sources: sourceActionsOf(record.declaration),
    });
  }

  /** When the pipeline was created (Infinity for one not indexed, which nothing should start). */
  createdAt(pipelineName: string): number {
    return this.pipelines.get(pipelineName)?.created ?? Number.POSITIVE_INFINITY;
  }

  declaration(pipelineName: string): PipelineDeclaration | undefined {
    return this.pipelines.get(pipelineName)?.declaration;
  }

  /** Every source action of every pipeline. */
  sources(): SourceAction[] {
    return [...this.pipelines.values()].flatMap((pipeline) => pipeline.sources);
  }

  pipelineDeclarations(): PipelineDeclaration[] {
    return [...this.pipelines.values()].map((pipeline) => pipeline.declaration);
  }
}
