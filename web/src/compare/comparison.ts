import type { ActionExecutionDetail } from '../api/types.js';
import { formatDuration } from '../lib/format.js';
import type { ExecutionView } from '../pages/execution-data.js';

/** One line of the comparison: what it is, the value in each execution, and whether they differ. */
export interface ComparedRow {
  section: 'Execution' | 'Source revisions' | 'Variables' | 'Actions';
  key: string;
  label: string;
  values: [ComparedValue, ComparedValue];
  differs: boolean;
}

/** A value as shown; `status` colours it as a status badge, `detail` is shown below it in small print. */
export interface ComparedValue {
  text: string;
  status?: string;
  detail?: string[];
}

const absent: ComparedValue = { text: '—' };

/**
 * Two executions side by side, row by row: what started them and how they ended, the source revision
 * of each artifact, each pipeline variable's value, and for each action (in the declaration's order) its
 * last attempt's status, duration and outputs. Durations always differ a little, so they are shown but
 * do not make a row "different"; statuses, revisions, values and outputs do.
 */
export function compareExecutions(a: ExecutionView, b: ExecutionView, now: number): ComparedRow[] {
  const rows: ComparedRow[] = [];
  const add = (section: ComparedRow['section'], key: string, label: string, values: [ComparedValue, ComparedValue], compareBy: (value: ComparedValue) => string = sameness): void => {
    rows.push({ section, key, label, values, differs: compareBy(values[0]) !== compareBy(values[1]) });
  };
  const both = <T,>(pick: (view: ExecutionView) => T): [T, T] => [pick(a), pick(b)];

  add('Execution', 'status', 'Status', both((view) => ({ text: view.execution.status, status: view.execution.status, ...(view.execution.statusSummary !== undefined ? { detail: [view.execution.statusSummary] } : {}) })));
  add('Execution', 'trigger', 'Trigger', both((view) => ({ text: view.execution.trigger?.triggerType ?? '—', ...(view.execution.trigger?.triggerDetail !== undefined ? { detail: [view.execution.trigger.triggerDetail] } : {}) })));
  add('Execution', 'version', 'Pipeline version', both((view) => ({ text: String(view.execution.pipelineVersion) })));
  add('Execution', 'duration', 'Duration', both((view) => ({ text: executionDuration(view, now) })), () => '');

  const revisionNames = union(a.execution.artifactRevisions, b.execution.artifactRevisions, (revision) => revision.name);
  for (const name of revisionNames) {
    add(
      'Source revisions',
      `revision.${name}`,
      name,
      both((view) => {
        const revision = view.execution.artifactRevisions?.find((candidate) => candidate.name === name);
        if (revision === undefined) return absent;
        return { text: revision.revisionId ?? '—', ...(revision.revisionSummary !== undefined ? { detail: [revision.revisionSummary] } : {}) };
      }),
    );
  }

  for (const name of union(a.execution.variables, b.execution.variables, (variable) => variable.name)) {
    add('Variables', `variable.${name}`, name, both((view) => ({ text: view.execution.variables?.find((variable) => variable.name === name)?.resolvedValue ?? '—' })));
  }

  for (const { stage, action } of actionOrder(a, b)) {
    add(
      'Actions',
      `action.${stage}.${action}`,
      `${stage}.${action}`,
      both((view) => {
        const attempts = view.runs.filter((run) => run.stageName === stage && run.actionName === action);
        const last = attempts.at(-1);
        if (last === undefined) return { text: 'Did not run', status: 'NotRun' };
        return { text: last.status, status: last.status, detail: [duration(last, now), ...(attempts.length > 1 ? [`attempt ${attempts.length} of ${attempts.length}`] : []), ...outputs(last)] };
      }),
      // The duration (first detail line) changes every run; the status and the outputs are what matter.
      (value) => [value.text, ...(value.detail ?? []).slice(1)].join('\n'),
    );
  }
  return rows;
}

function sameness(value: ComparedValue): string {
  return [value.text, ...(value.detail ?? [])].join('\n');
}

function union<T>(left: T[] | undefined, right: T[] | undefined, name: (item: T) => string | undefined): string[] {
  const names: string[] = [];
  for (const item of [...(left ?? []), ...(right ?? [])]) {
    const value = name(item);
    if (value !== undefined && !names.includes(value)) names.push(value);
  }
  return names;
}

/** Actions in the order of the (newer) declaration, then any that only the other execution ran. */
function actionOrder(a: ExecutionView, b: ExecutionView): { stage: string; action: string }[] {
  const order: { stage: string; action: string }[] = [];
  const seen = new Set<string>();
  const push = (stage: string, action: string): void => {
    if (seen.has(`${stage}.${action}`)) return;
    seen.add(`${stage}.${action}`);
    order.push({ stage, action });
  };
  const newer = a.execution.pipelineVersion >= b.execution.pipelineVersion ? [b, a] : [a, b];
  for (const view of newer.reverse()) for (const stage of view.declaration?.stages ?? []) for (const action of stage.actions) push(stage.name, action.name);
  for (const run of [...a.runs, ...b.runs]) push(run.stageName, run.actionName);
  return order;
}

function duration(run: ActionExecutionDetail, now: number): string {
  return formatDuration((run.status === 'InProgress' ? now : run.lastUpdateTime) - run.startTime);
}

function executionDuration(view: ExecutionView, now: number): string {
  const start = view.summary?.startTime ?? (view.runs[0]?.startTime);
  if (start === undefined) return '—';
  const running = view.execution.status === 'InProgress' || view.execution.status === 'Stopping';
  return formatDuration((running ? now : (view.summary?.lastUpdateTime ?? Math.max(...view.runs.map((run) => run.lastUpdateTime)))) - start);
}

/** What an action run produced: its output artifacts and output variables. */
function outputs(run: ActionExecutionDetail): string[] {
  const artifacts = (run.output?.outputArtifacts ?? []).map((artifact) => `artifact ${artifact.name ?? ''}`);
  const variables = Object.entries(run.output?.outputVariables ?? {}).map(([name, value]) => `${name} = ${value}`);
  const summary = run.output?.executionResult?.externalExecutionSummary;
  return [...artifacts, ...variables, ...(summary !== undefined ? [summary] : [])];
}
