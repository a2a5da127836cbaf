/** The audit record: every API call that changes something, with who, what, when and how it ended. */
export interface AuditOperations {
  appendAudit(record: Omit<AuditRecord, 'sequence'>): Promise<void>;
  listAudit(request: { afterSequence?: number; beforeSequence?: number; pipelineName?: string; limit: number }): Promise<AuditRecord[]>;
  /** Deletes all but the latest `keep` records (the retention cap); resolves with how many went. */
  trimAudit(keep: number): Promise<number>;
}

export interface AuditRecord {
  sequence: number;
  time: number;
  requestId: string;
  principal: string;
  operation: string;
  /** The pipeline the call was about, when it names one. */
  pipelineName?: string;
  /** `Succeeded`, or the CodePipeline exception the call was refused with. */
  outcome: string;
  message?: string;
}
