/** The numbered log of state-change events (EventBridge-shaped), appended with each decision. */
export interface EventOperations {
  listEvents(request: { afterSequence: number; pipelineName?: string; limit: number }): Promise<EventRecord[]>;
  latestEventSequence(): Promise<number>;
}

export interface EventRecord {
  sequence: number;
  pipelineName: string;
  executionId?: string;
  time: number;
  detailType: string;
  detail: Record<string, unknown>;
}
