import { LRUCache } from 'lru-cache';
import type { PipelineDeclaration } from '../../core/declaration/types.js';
import { parseDeclaration } from './row-mapping.js';

/** Pipelines whose parsed current declaration is kept (each a few KB). */
const keptPipelines = 512;

/**
 * A pipeline's current declaration is read for every start and every GetPipelineState (a console open
 * on it reads every second; the benchmark's reader 12 times per execution), and parsing its JSON was
 * the largest part of that read. The store still reads the stored text each time, so nothing can be
 * stale: the parse is skipped when the text is the one parsed last for that pipeline (a string
 * comparison). The declaration handed out is shared between callers, so it is frozen: code that
 * mutated it would fail loudly instead of changing what the next caller reads.
 */
export class ParsedDeclarations {
  private readonly byPipeline = new LRUCache<string, { json: string; declaration: PipelineDeclaration }>({ max: keptPipelines });

  of(pipelineName: string, json: string): PipelineDeclaration {
    const kept = this.byPipeline.get(pipelineName);
    if (kept !== undefined && kept.json === json) return kept.declaration;
    const declaration = deepFreeze(parseDeclaration(json));
    this.byPipeline.set(pipelineName, { json, declaration });
    return declaration;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}
