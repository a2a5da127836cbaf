import { PipewrightError } from '../errors/index.js';
import { declarationLimits as limits } from './declaration-limits.js';
import { capitalised, firstDuplicate, type PlacedAction } from './declaration-walk.js';
import type { GitFilePathFilterCriteria, GitPullRequestFilter, GitPushFilter, PipelineTriggerDeclaration } from './types.js';

const invalid = (message: string): PipewrightError => new PipewrightError('InvalidStructureException', message);

/**
 * Triggers (V2; user guide, "Filter triggers on code push or pull requests"): at most 50, each on a
 * CodeStarSourceConnection source action and at most one per source action, with 1–3 push and/or
 * pull-request filters in a valid combination — push: tags | branches | branches + filePaths;
 * pull request: branches | branches + filePaths — and 1–8 include/exclude globs per criteria.
 */
export function checkTriggers(triggers: readonly PipelineTriggerDeclaration[], actions: readonly PlacedAction[]): void {
  if (triggers.length > limits.maxTriggers) {
    throw new PipewrightError('ValidationException', `The pipeline declares ${triggers.length} triggers; at most ${limits.maxTriggers} are allowed.`);
  }
  const duplicate = firstDuplicate(triggers.map((trigger) => trigger.gitConfiguration.sourceActionName));
  if (duplicate !== undefined) {
    throw invalid(`More than one trigger names the source action ${duplicate}; a source action has at most one trigger configuration.`);
  }
  for (const trigger of triggers) {
    const { sourceActionName, push, pullRequest } = trigger.gitConfiguration;
    const where = `the trigger of source action ${sourceActionName}`;
    if (trigger.providerType !== 'CodeStarSourceConnection') {
      throw invalid(`The providerType of ${where} is ${String(trigger.providerType)}; only CodeStarSourceConnection is supported.`);
    }
    const source = actions.find((placed) => placed.stageIndex === 0 && placed.action.name === sourceActionName);
    if (source === undefined) throw invalid(`The trigger names the source action ${sourceActionName}, but the first stage has no action of that name.`);
    const { provider, owner } = source.action.actionTypeId;
    if (provider !== 'CodeStarSourceConnection' || owner !== 'AWS') {
      throw invalid(`The trigger names the source action ${sourceActionName}, whose provider is ${provider}; triggers only work with CodeStarSourceConnection source actions.`);
    }
    if (push === undefined && pullRequest === undefined) throw invalid(`${capitalised(where)} declares neither push nor pullRequest filters.`);
    checkFilterCount(push, 'push', where);
    checkFilterCount(pullRequest, 'pullRequest', where);
    (push ?? []).forEach((filter, index) => {
      checkPushFilter(filter, `push filter ${index + 1} of ${where}`);
    });
    (pullRequest ?? []).forEach((filter, index) => {
      checkPullRequestFilter(filter, `pullRequest filter ${index + 1} of ${where}`);
    });
  }
}

function checkFilterCount(filters: readonly unknown[] | undefined, kind: string, where: string): void {
  if (filters !== undefined && (filters.length < 1 || filters.length > limits.maxFiltersPerEvent)) {
    throw new PipewrightError('ValidationException', `${capitalised(where)} lists ${filters.length} ${kind} filters; 1 to ${limits.maxFiltersPerEvent} are allowed.`);
  }
}

function checkPushFilter(filter: GitPushFilter, where: string): void {
  if (filter.tags !== undefined) {
    if (filter.branches !== undefined || filter.filePaths !== undefined) {
      throw invalid(`The ${where} combines tags with branches or filePaths; a push filter uses tags alone, branches, or branches with filePaths.`);
    }
    checkCriteria(filter.tags, `tags of the ${where}`);
    return;
  }
  if (filter.branches === undefined) {
    throw invalid(`The ${where} has ${filter.filePaths !== undefined ? 'filePaths without branches' : 'no criteria'}; a push filter uses tags alone, branches, or branches with filePaths.`);
  }
  checkCriteria(filter.branches, `branches of the ${where}`);
  if (filter.filePaths !== undefined) checkCriteria(filter.filePaths, `filePaths of the ${where}`);
}

function checkPullRequestFilter(filter: GitPullRequestFilter, where: string): void {
  if (filter.branches === undefined) {
    throw invalid(`The ${where} has no branches; a pull request filter uses branches, or branches with filePaths.`);
  }
  checkCriteria(filter.branches, `branches of the ${where}`);
  if (filter.filePaths !== undefined) checkCriteria(filter.filePaths, `filePaths of the ${where}`);
  const repeated = firstDuplicate(filter.events ?? []);
  if (repeated !== undefined) throw invalid(`The ${where} lists the event ${repeated} more than once.`);
}

function checkCriteria(criteria: GitFilePathFilterCriteria, where: string): void {
  if (criteria.includes === undefined && criteria.excludes === undefined) {
    throw invalid(`The ${where} declare neither includes nor excludes.`);
  }
  for (const [list, patterns] of [['includes', criteria.includes], ['excludes', criteria.excludes]] as const) {
    if (patterns !== undefined && (patterns.length < 1 || patterns.length > limits.maxPatternsPerCriteria)) {
      throw new PipewrightError('ValidationException', `The ${list} of the ${where} list ${patterns.length} patterns; 1 to ${limits.maxPatternsPerCriteria} are allowed.`);
    }
  }
}
