import type { PipelineDeclaration } from '../../declaration/types.js';

/** Pipelines and their kept versions. Times are epoch milliseconds. */
export interface PipelineOperations {
  /** Creates version 1. Returns undefined, writing nothing, when the name is taken. */
  createPipeline(input: { declaration: PipelineDeclaration; now: number }): Promise<PipelineRecord | undefined>;
  getPipeline(name: string): Promise<PipelineRecord | undefined>;
  getPipelineVersion(name: string, version: number): Promise<PipelineVersionRecord | undefined>;
  /**
   * Stores `declaration` as version `expectedVersion + 1` if the pipeline is still at `expectedVersion`
   * (a guarded write); undefined when the pipeline is gone or another update won.
   */
  updatePipeline(input: { declaration: PipelineDeclaration; expectedVersion: number; now: number }): Promise<PipelineRecord | undefined>;
  /** Deletes the pipeline with its versions and everything recorded about it; false when there was none. */
  deletePipeline(name: string): Promise<boolean>;
  /** Pipelines ordered by name, starting after `afterName`. */
  listPipelines(page: { afterName?: string; limit: number }): Promise<PipelineSummaryRecord[]>;
  countPipelines(): Promise<number>;
}

export interface PipelineRecord {
  name: string;
  /** The current version; `declaration.version` equals it. */
  version: number;
  declaration: PipelineDeclaration;
  created: number;
  updated: number;
  pollingDisabledAt?: number;
}

export interface PipelineVersionRecord {
  name: string;
  version: number;
  declaration: PipelineDeclaration;
  /** When this version was stored. */
  created: number;
  /** When the pipeline itself was created (version 1). */
  pipelineCreated: number;
}

export interface PipelineSummaryRecord {
  name: string;
  version: number;
  pipelineType: 'V1' | 'V2';
  executionMode: 'QUEUED' | 'SUPERSEDED' | 'PARALLEL';
  created: number;
  updated: number;
}
