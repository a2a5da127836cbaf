import type { ActionJob } from '../../core/contracts/action-provider.js';
import { isCommitId, isValidBranchName } from './ref-names.js';
import { outputArtifactFormats, SourceFailure, type OutputArtifactFormat } from './source-checkout.js';

/** What every git source action (CodeCommit, connections, GitHub version 1) reads from its job, checked. */
export interface SourceJobSettings {
  branch: string;
  format: OutputArtifactFormat;
  pinnedCommit?: string;
  /** The name of the one output artifact. */
  artifactName: string;
}

/** `branchKey`: the configuration property naming the branch (BranchName; Branch for GitHub version 1). */
export function sourceJobSettings(job: ActionJob, branchKey = 'BranchName'): SourceJobSettings {
  const configuration = job.action.configuration;
  const branch = configuration[branchKey] ?? '';
  if (!isValidBranchName(branch)) {
    throw new SourceFailure('ConfigurationError', `${branchKey} ${JSON.stringify(branch)} of action ${job.action.name} is not a valid git branch name.`);
  }
  const format = configuration.OutputArtifactFormat ?? 'CODE_ZIP';
  if (!isFormat(format)) {
    throw new SourceFailure(
      'ConfigurationError',
      `OutputArtifactFormat ${JSON.stringify(format)} of action ${job.action.name} is not one of ${outputArtifactFormats.join(', ')}.`,
    );
  }
  const artifactName = job.outputArtifacts[0]?.name;
  if (artifactName === undefined) throw new SourceFailure('ConfigurationError', `Source action ${job.action.name} declares no output artifact.`);
  const pinnedCommit = pinnedCommitOf(job);
  return { branch, format, artifactName, ...(pinnedCommit !== undefined ? { pinnedCommit } : {}) };
}

function pinnedCommitOf(job: ActionJob): string | undefined {
  const pins = job.pinnedRevision ?? [];
  if (pins.length === 0) return undefined;
  const pin = pins.find((candidate) => candidate.revisionType === 'COMMIT_ID');
  if (pin === undefined) {
    throw new SourceFailure(
      'ConfigurationError',
      `Source action ${job.action.name} takes a COMMIT_ID source revision; got ${pins.map((candidate) => candidate.revisionType).join(', ')}.`,
    );
  }
  if (!isCommitId(pin.revisionValue)) {
    throw new SourceFailure('RevisionUnavailable', `The source revision ${JSON.stringify(pin.revisionValue)} for action ${job.action.name} is not a commit id.`);
  }
  return pin.revisionValue.toLowerCase();
}

function isFormat(value: string): value is OutputArtifactFormat {
  return (outputArtifactFormats as readonly string[]).includes(value);
}
