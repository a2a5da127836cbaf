import type { ReactNode } from 'react';
import type { PipelineDeclaration } from '../api/types.js';
import type { ActionType } from '../api/wire-shapes.js';
import { BreakableName } from '../components/breakable-name.js';
import { ActionEditor } from './action-editor.js';
import { ConditionsEditor } from './conditions-editor.js';
import { TriggersEditor } from './triggers-editor.js';
import { newAction, newStage, type Edit } from './draft.js';
import { isAt, type RefusalLocation } from './refusal-location.js';

/**
 * The declaration as a form: the pipeline's own fields and variables, then each stage with its
 * actions. The server's refusal is shown beside the stage or action it names.
 */
export function VisualEditor({
  declaration,
  creating,
  types,
  edit,
  refusal,
}: {
  declaration: PipelineDeclaration;
  /** A new pipeline's name can be chosen; an existing one's cannot (UpdatePipeline keeps the name). */
  creating: boolean;
  types: ActionType[];
  edit: Edit;
  refusal: { message: string; location: RefusalLocation } | undefined;
}): ReactNode {
  const at = (stage: number, action?: number): string | undefined => (refusal !== undefined && isAt(refusal.location, stage, action) ? refusal.message : undefined);
  return (
    <div className="visual-editor">
      <fieldset className="pipeline-fields">
        <legend>Pipeline</legend>
        <div className="field-row">
          <label>
            Name
            <input
              value={declaration.name}
              required
              readOnly={!creating}
              pattern="[A-Za-z0-9.@\-_]+"
              maxLength={100}
              aria-label="Pipeline name"
              onChange={(event) => edit((draft) => void (draft.name = event.target.value))}
            />
          </label>
          <label className="narrow">
            Type
            <select value={declaration.pipelineType ?? 'V1'} onChange={(event) => edit((draft) => void (draft.pipelineType = event.target.value as 'V1' | 'V2'))}>
              <option value="V1">V1</option>
              <option value="V2">V2</option>
            </select>
          </label>
          <label className="narrow">
            Execution mode
            <select value={declaration.executionMode ?? 'SUPERSEDED'} onChange={(event) => edit((draft) => void (draft.executionMode = event.target.value as 'QUEUED' | 'SUPERSEDED' | 'PARALLEL'))}>
              <option value="SUPERSEDED">Superseded</option>
              <option value="QUEUED">Queued</option>
              <option value="PARALLEL">Parallel</option>
            </select>
          </label>
        </div>
        <Variables declaration={declaration} edit={edit} />
        <TriggersEditor declaration={declaration} edit={edit} />
      </fieldset>
      {declaration.stages.map((stage, stageIndex) => (
        <fieldset key={stageIndex} className={`stage-editor ${at(stageIndex) !== undefined ? 'refused' : ''}`} data-edit-stage={stage.name} aria-label={`Stage ${stage.name}`}>
          <legend>
            Stage {stageIndex + 1}: <BreakableName name={stage.name} />
          </legend>
          {at(stageIndex) !== undefined ? (
            <p className="error-banner field-error" role="alert">
              {at(stageIndex)}
            </p>
          ) : null}
          <div className="field-row">
            <label>
              Stage name
              <input value={stage.name} required maxLength={100} onChange={(event) => edit((draft) => void (draft.stages[stageIndex]!.name = event.target.value))} />
            </label>
            <span className="stage-buttons">
              <button type="button" className="small ghost" disabled={stageIndex === 0} onClick={() => edit((draft) => void draft.stages.splice(stageIndex - 1, 0, ...draft.stages.splice(stageIndex, 1)))}>
                Move up
              </button>
              <button
                type="button"
                className="small ghost"
                disabled={stageIndex === declaration.stages.length - 1}
                onClick={() => edit((draft) => void draft.stages.splice(stageIndex + 1, 0, ...draft.stages.splice(stageIndex, 1)))}
              >
                Move down
              </button>
              <button type="button" className="small ghost danger-text" onClick={() => edit((draft) => void draft.stages.splice(stageIndex, 1))}>
                Remove stage
              </button>
            </span>
          </div>
          <ConditionsEditor stage={stage} stageIndex={stageIndex} edit={edit} />
          {stage.actions.map((action, actionIndex) => (
            <ActionEditor key={actionIndex} action={action} stageIndex={stageIndex} actionIndex={actionIndex} types={types} edit={edit} refusal={at(stageIndex, actionIndex)} />
          ))}
          <button
            type="button"
            className="small"
            onClick={() =>
              edit((draft) => {
                const actions = draft.stages[stageIndex]!.actions;
                actions.push(newAction(`Action${actions.length + 1}`, { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' }, {}, [], []));
              })
            }
          >
            Add action
          </button>
        </fieldset>
      ))}
      <button type="button" onClick={() => edit((draft) => void draft.stages.push(newStage(draft.stages)))}>
        Add stage
      </button>
    </div>
  );
}

/** Pipeline variables (V2): a name, a default and a description each; a release can set their values. */
function Variables({ declaration, edit }: { declaration: PipelineDeclaration; edit: Edit }): ReactNode {
  const variables = declaration.variables ?? [];
  return (
    <div className="variables-editor">
      <span className="label">Variables</span>
      {variables.length === 0 ? <span className="muted small"> none</span> : null}
      {variables.map((variable, index) => (
        <div className="field-row" key={index} data-edit-variable={variable.name}>
          <input aria-label="Variable name" placeholder="name" value={variable.name} onChange={(event) => edit((draft) => void (draft.variables![index]!.name = event.target.value))} />
          <input
            aria-label="Default value"
            placeholder="default value"
            value={variable.defaultValue ?? ''}
            onChange={(event) => edit((draft) => void (draft.variables![index]!.defaultValue = event.target.value))}
          />
          <input
            aria-label="Description"
            placeholder="description"
            value={variable.description ?? ''}
            onChange={(event) => edit((draft) => void (draft.variables![index]!.description = event.target.value))}
          />
          <button type="button" className="small ghost" onClick={() => edit((draft) => void draft.variables!.splice(index, 1))} aria-label={`Remove variable ${variable.name}`}>
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="small" onClick={() => edit((draft) => void (draft.variables = [...(draft.variables ?? []), { name: `VAR${variables.length + 1}`, defaultValue: '' }]))}>
        Add variable
      </button>
    </div>
  );
}
