/**
 * What change detection remembers of each source action: the last revision it saw, so that a restart
 * (or another replica) does not take an old revision for a new one and start a duplicate execution.
 */
export interface SourceRevisionRecord {
  pipelineName: string;
  actionName: string;
  /**
   * Where the revision was read (provider and location, e.g. `CodeCommit app main`): when the action is
   * changed to read elsewhere, the remembered revision no longer compares and a new baseline is taken.
   */
  sourceKey: string;
  revision: string;
  /** How many times the record was written: the guard of the next write. */
  changes: number;
  updated: number;
}

export interface SourceRevisionOperations {
  getSourceRevision(pipelineName: string, actionName: string): Promise<SourceRevisionRecord | undefined>;
  /**
   * A guarded write: with `expectedChanges` undefined it creates the record only if there is none; else
   * it replaces the record only while its `changes` is still `expectedChanges`. Returns whether it wrote.
   * Records go with their pipeline.
   */
  putSourceRevision(record: SourceRevisionRecord, expectedChanges: number | undefined): Promise<boolean>;
}
