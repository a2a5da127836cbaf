import { createQueryId, type CompiledQuery } from 'kysely';

/**
 * A read by one key that runs for every request of a kind (a pipeline by name for every start and every
 * GetPipelineState; a job by id for every result a worker reports), compiled by Kysely once: building the
 * query tree (a join) cost more of the serving thread than SQLite took to answer it. The key must be the
 * compiled query's only parameter, which the first use checks; later keys replace it.
 */
export function readByKey<K>(build: (key: K) => CompiledQuery): (key: K) => CompiledQuery {
  let first: CompiledQuery | undefined;
  return (key) => {
    if (first !== undefined) return { ...first, parameters: [key], queryId: createQueryId() };
    const compiled = build(key);
    if (compiled.parameters.length !== 1 || compiled.parameters[0] !== key) throw new Error(`A read by key has other parameters than its key: ${compiled.sql}`);
    first = compiled;
    return compiled;
  };
}
