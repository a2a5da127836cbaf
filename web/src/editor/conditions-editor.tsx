import type { ReactNode } from 'react';
import type { StageDeclaration } from '../api/types.js';
import type { Condition, Result, RuleDeclaration, StageRetryMode } from '../api/wire-shapes.js';
import type { Edit } from './draft.js';

type Kind = 'beforeEntry' | 'onSuccess' | 'onFailure';

/** Each kind of stage condition and the results AWS allows for its conditions (CodePipeline's Condition.result). */
const kinds: { kind: Kind; label: string; results: Result[] }[] = [
  { kind: 'beforeEntry', label: 'Before entry', results: ['FAIL', 'SKIP'] },
  { kind: 'onSuccess', label: 'On success', results: ['ROLLBACK', 'FAIL'] },
  { kind: 'onFailure', label: 'On failure', results: ['ROLLBACK', 'FAIL', 'RETRY'] },
];

/** The rule providers CodePipeline offers (rule category "Rule", owner AWS). */
const ruleProviders = ['DeploymentWindow', 'VariableCheck', 'CloudWatchAlarm', 'LambdaInvoke', 'Commands'];

/** "Key=value" lines ↔ a configuration map (the first "=" splits; values may hold more). */
export function configurationText(configuration: Record<string, string> | undefined): string {
  return Object.entries(configuration ?? {})
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
}

export function parseConfiguration(text: string): Record<string, string> {
  const entries = text
    .split('\n')
    .map((line) => [line.slice(0, line.indexOf('=')).trim(), line.slice(line.indexOf('=') + 1).trim()] as const)
    .filter(([key]) => key !== '');
  return Object.fromEntries(entries);
}

/**
 * A stage's conditions: before entry, on success, on failure (with the stage's own failure result and
 * retry mode), each a list of conditions with a result and rules. Emptied lists are removed, since
 * CodePipeline refuses an empty condition list; everything not edited is saved as read.
 */
export function ConditionsEditor({ stage, stageIndex, edit }: { stage: StageDeclaration; stageIndex: number; edit: Edit }): ReactNode {
  const change = (update: (stage: StageDeclaration) => void): void =>
    edit((draft) => {
      const target = draft.stages[stageIndex];
      if (target !== undefined) update(target);
    });
  const count = kinds.reduce((total, { kind }) => total + (stage[kind]?.conditions?.length ?? 0), 0) + (stage.onFailure?.result !== undefined ? 1 : 0);
  return (
    <details className="conditions-editor" open={count > 0} data-edit-conditions={stage.name}>
      <summary>Conditions{count > 0 ? ` (${count})` : ''}</summary>
      {kinds.map(({ kind, label, results }) => {
        const conditions = stage[kind]?.conditions ?? [];
        return (
          <div key={kind} className="condition-kind" data-condition-kind={kind}>
            <span className="label">{label}</span>
            {kind === 'onFailure' ? <FailureResult stage={stage} change={change} /> : null}
            {conditions.map((condition, conditionIndex) => (
              <ConditionEditor
                key={`${conditionIndex}-${conditions.length}`}
                condition={condition}
                results={results}
                change={(update) =>
                  change((draft) => {
                    const target = draft[kind]?.conditions?.[conditionIndex];
                    if (target !== undefined) update(target);
                  })
                }
                remove={() =>
                  change((draft) => {
                    draft[kind]?.conditions?.splice(conditionIndex, 1);
                    if (draft[kind]?.conditions?.length === 0) {
                      if (kind === 'onFailure') delete draft.onFailure!.conditions;
                      else delete draft[kind];
                    }
                    if (kind === 'onFailure' && draft.onFailure !== undefined && Object.keys(draft.onFailure).length === 0) delete draft.onFailure;
                  })
                }
              />
            ))}
            <button
              type="button"
              className="small"
              onClick={() =>
                change((draft) => {
                  const added: Condition = { result: results[0]!, rules: [newRule(kind === 'beforeEntry' ? 'DeploymentWindow' : 'VariableCheck')] };
                  draft[kind] = { ...draft[kind], conditions: [...(draft[kind]?.conditions ?? []), added] };
                })
              }
            >
              Add {label.toLowerCase()} condition
            </button>
          </div>
        );
      })}
    </details>
  );
}

function newRule(provider: string): RuleDeclaration {
  return { name: `${provider}Rule`, ruleTypeId: { category: 'Rule', owner: 'AWS', provider, version: '1' }, configuration: {} };
}

/** What the stage does when it fails: nothing, roll back, fail, or retry (all or only the failed actions). */
function FailureResult({ stage, change }: { stage: StageDeclaration; change: (update: (stage: StageDeclaration) => void) => void }): ReactNode {
  const result = stage.onFailure?.result ?? '';
  return (
    <div className="field-row">
      <label>
        When the stage fails
        <select
          value={result}
          aria-label="Failure result"
          onChange={(event) =>
            change((draft) => {
              const value = event.target.value as Result | '';
              const onFailure = { ...draft.onFailure };
              if (value === '') {
                delete onFailure.result;
                delete onFailure.retryConfiguration;
              } else onFailure.result = value;
              if (value !== 'RETRY') delete onFailure.retryConfiguration;
              if (Object.keys(onFailure).length === 0) delete draft.onFailure;
              else draft.onFailure = onFailure;
            })
          }
        >
          <option value="">nothing more</option>
          <option value="ROLLBACK">roll back</option>
          <option value="FAIL">fail</option>
          <option value="RETRY">retry</option>
        </select>
      </label>
      {result === 'RETRY' ? (
        <label>
          Retry
          <select
            value={stage.onFailure?.retryConfiguration?.retryMode ?? ''}
            aria-label="Retry mode"
            onChange={(event) =>
              change((draft) => {
                const mode = event.target.value as StageRetryMode | '';
                if (mode === '') delete draft.onFailure!.retryConfiguration;
                else draft.onFailure!.retryConfiguration = { retryMode: mode };
              })
            }
          >
            <option value="">the default</option>
            <option value="FAILED_ACTIONS">the failed actions</option>
            <option value="ALL_ACTIONS">all actions</option>
          </select>
        </label>
      ) : null}
    </div>
  );
}

function ConditionEditor({
  condition,
  results,
  change,
  remove,
}: {
  condition: Condition;
  results: Result[];
  change: (update: (condition: Condition) => void) => void;
  remove: () => void;
}): ReactNode {
  const rules = condition.rules ?? [];
  return (
    <fieldset className="condition-editor">
      <div className="field-row">
        <label className="narrow">
          Result
          <select value={condition.result ?? ''} aria-label="Condition result" onChange={(event) => change((draft) => void (event.target.value === '' ? delete draft.result : (draft.result = event.target.value as Result)))}>
            <option value="">none</option>
            {[...new Set([...(condition.result !== undefined ? [condition.result] : []), ...results])].map((result) => (
              <option key={result} value={result}>
                {result}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="small ghost danger-text" onClick={remove}>
          Remove condition
        </button>
      </div>
      {rules.map((rule, ruleIndex) => (
        <div className="rule-editor field-row" key={`${ruleIndex}-${rules.length}`} data-edit-rule={rule.name}>
          <label>
            Rule name
            <input value={rule.name} aria-label="Rule name" onChange={(event) => change((draft) => void (draft.rules![ruleIndex]!.name = event.target.value))} />
          </label>
          <label className="narrow">
            Rule
            <select
              value={rule.ruleTypeId.provider}
              aria-label="Rule provider"
              onChange={(event) => change((draft) => void (draft.rules![ruleIndex]!.ruleTypeId = { ...draft.rules![ruleIndex]!.ruleTypeId, provider: event.target.value }))}
            >
              {[...new Set([rule.ruleTypeId.provider, ...ruleProviders])].map((provider) => (
                <option key={provider} value={provider}>
                  {provider}
                </option>
              ))}
            </select>
          </label>
          <label className="wide-field">
            Configuration, one Key=value a line
            <textarea
              rows={Math.max(2, Object.keys(rule.configuration ?? {}).length)}
              defaultValue={configurationText(rule.configuration)}
              aria-label="Rule configuration"
              onChange={(event) =>
                change((draft) => {
                  const configuration = parseConfiguration(event.target.value);
                  if (Object.keys(configuration).length === 0 && draft.rules![ruleIndex]!.configuration === undefined) return;
                  draft.rules![ruleIndex]!.configuration = configuration;
                })
              }
            />
          </label>
          <button type="button" className="small ghost" disabled={rules.length === 1} title={rules.length === 1 ? 'A condition needs a rule: remove the condition instead' : undefined} onClick={() => change((draft) => void draft.rules!.splice(ruleIndex, 1))}>
            Remove rule
          </button>
        </div>
      ))}
      <button type="button" className="small" onClick={() => change((draft) => void (draft.rules = [...(draft.rules ?? []), newRule('VariableCheck')]))}>
        Add rule
      </button>
    </fieldset>
  );
}
