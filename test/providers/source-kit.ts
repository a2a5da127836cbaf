import type { ActionLog, LogStream } from '../../src/core/contracts/action-log.js';
import type { ActionJob } from '../../src/core/contracts/action-provider.js';

/** A source action's job as the engine hands it to a provider. */
export function sourceJob(provider: 'CodeCommit' | 'CodeStarSourceConnection', configuration: Record<string, string>, overrides: Partial<ActionJob> = {}): ActionJob {
  return {
    jobId: '0a1b2c3d-0000-4000-8000-000000000001',
    pipeline: { name: 'release', arn: 'arn:aws:codepipeline:us-east-1:123456789012:release', version: 1, executionId: '0a1b2c3d-0000-4000-8000-000000000002' },
    stageName: 'Source',
    action: {
      name: 'Checkout',
      actionExecutionId: '0a1b2c3d-0000-4000-8000-000000000003',
      typeId: { category: 'Source', owner: 'AWS', provider, version: '1' },
      configuration,
      region: 'us-east-1',
    },
    inputArtifacts: [],
    outputArtifacts: [{ name: 'SourceOutput', location: { bucket: 'pipewright-artifacts', key: 'release/SourceOutp/0a1b2c3' } }],
    deadline: Date.now() + 60_000,
    ...overrides,
  };
}

/**
 * Records what a provider writes to its action log, unmasked, and what it asked to mask: tests assert
 * that secrets were never written in the first place, which is stronger than checking the masking.
 */
export class RecordingLog implements Pick<ActionLog, 'mask' | 'line'> {
  readonly lines: { stream: LogStream; text: string }[] = [];
  readonly masked: string[] = [];

  mask(secret: string): void {
    this.masked.push(secret);
  }

  line(stream: LogStream, text: string): void {
    this.lines.push({ stream, text });
  }

  get text(): string {
    return this.lines.map((line) => line.text).join('\n');
  }
}
