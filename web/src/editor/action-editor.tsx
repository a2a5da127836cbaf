import { useState, type ReactNode } from 'react';
import type { ActionDeclaration } from '../api/types.js';
import type { ActionType } from '../api/wire-shapes.js';
import { typeKey, typeLabel } from './action-types.js';
import { artifactList, artifactText, type Edit } from './draft.js';

const categories = ['Source', 'Build', 'Test', 'Approval', 'Deploy', 'Invoke', 'Compute'] as const;

/**
 * One action: its name, type (picked from the server's action types), the type's configuration
 * fields, artifacts, run order and namespace. A refusal of the server that names this action shows here.
 */
export function ActionEditor({
  action,
  stageIndex,
  actionIndex,
  types,
  edit,
  refusal,
}: {
  action: ActionDeclaration;
  stageIndex: number;
  actionIndex: number;
  types: ActionType[];
  edit: Edit;
  refusal: string | undefined;
}): ReactNode {
  const change = (update: (draft: ActionDeclaration) => void): void =>
    edit((pipeline) => {
      const target = pipeline.stages[stageIndex]?.actions[actionIndex];
      if (target !== undefined) update(target);
    });
  const current = typeKey(action.actionTypeId);
  const type = types.find((candidate) => typeKey(candidate.id) === current);
  const properties = type?.actionConfigurationProperties ?? [];
  const configuration = action.configuration ?? {};
  const extra = Object.keys(configuration).filter((key) => !properties.some((property) => property.name === key));

  return (
    <fieldset className={`action-editor ${refusal !== undefined ? 'refused' : ''}`} data-edit-action={action.name} aria-label={`Action ${action.name}`}>
      <legend>Action</legend>
      {refusal !== undefined ? (
        <p className="error-banner field-error" role="alert">
          {refusal}
        </p>
      ) : null}
      <div className="field-row">
        <label>
          Name
          <input value={action.name} required maxLength={100} onChange={(event) => change((draft) => void (draft.name = event.target.value))} />
        </label>
        <label className="narrow">
          Run order
          <input type="number" min={1} max={999} value={action.runOrder ?? 1} onChange={(event) => change((draft) => void (draft.runOrder = Number(event.target.value) || 1))} />
        </label>
      </div>
      <label>
        Action type
        <select
          value={current}
          onChange={(event) => {
            const picked = types.find((candidate) => typeKey(candidate.id) === event.target.value);
            if (picked === undefined) return;
            change((draft) => {
              draft.actionTypeId = { ...picked.id };
              // Keep what the new type also has; the rest belonged to the old type.
              const names = new Set((picked.actionConfigurationProperties ?? []).map((property) => property.name));
              draft.configuration = Object.fromEntries(Object.entries(draft.configuration ?? {}).filter(([key]) => names.has(key)));
            });
          }}
        >
          {type === undefined ? <option value={current}>{current}</option> : null}
          {categories.map((category) => (
            <optgroup key={category} label={category}>
              {types
                .filter((candidate) => candidate.id.category === category)
                .map((candidate) => (
                  <option key={typeKey(candidate.id)} value={typeKey(candidate.id)}>
                    {typeLabel(candidate.id)}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </label>
      {properties.length > 0 || extra.length > 0 ? (
        <div className="configuration" aria-label="Configuration">
          {properties.map((property) => {
            const value = configuration[property.name] ?? '';
            const missing = property.required && value === '';
            return (
              <label key={property.name} className={missing ? 'missing' : undefined}>
                <span>
                  {property.name}
                  {property.required ? <span className="required"> required</span> : null}
                </span>
                {property.type === 'Boolean' ? (
                  <select value={value} onChange={(event) => change((draft) => void (draft.configuration = { ...draft.configuration, [property.name]: event.target.value }))}>
                    <option value="">(not set)</option>
                    <option value="true">true</option>
                    <option value="false">false</option>
                  </select>
                ) : (
                  <input
                    value={value}
                    type={property.secret ? 'password' : 'text'}
                    aria-invalid={missing}
                    onChange={(event) => change((draft) => void (draft.configuration = { ...draft.configuration, [property.name]: event.target.value }))}
                  />
                )}
                {property.description !== undefined ? <small className="muted">{property.description}</small> : null}
              </label>
            );
          })}
          {extra.map((key) => (
            <label key={key}>
              <span>
                {key} <span className="muted">(not a field of this type)</span>
              </span>
              <span className="field-row">
                <input value={configuration[key] ?? ''} onChange={(event) => change((draft) => void (draft.configuration = { ...draft.configuration, [key]: event.target.value }))} />
                <button
                  type="button"
                  className="small ghost"
                  onClick={() =>
                    change((draft) => {
                      const { [key]: _removed, ...rest } = draft.configuration ?? {};
                      draft.configuration = rest;
                    })
                  }
                >
                  Remove
                </button>
              </span>
            </label>
          ))}
        </div>
      ) : null}
      <div className="field-row">
        <ArtifactField
          label="Input artifacts"
          value={action.inputArtifacts}
          placeholder={type !== undefined && type.inputArtifactDetails.maximumCount === 0 ? 'none for this type' : 'e.g. SourceOutput'}
          onChange={(list) => change((draft) => void (draft.inputArtifacts = list))}
        />
        <ArtifactField
          label="Output artifacts"
          value={action.outputArtifacts}
          placeholder={type !== undefined && type.outputArtifactDetails.maximumCount === 0 ? 'none for this type' : 'e.g. BuildOutput'}
          onChange={(list) => change((draft) => void (draft.outputArtifacts = list))}
        />
      </div>
      <div className="field-row">
        <label>
          Variable namespace
          <input value={action.namespace ?? ''} placeholder="e.g. BuildVariables" onChange={(event) => change((draft) => void (draft.namespace = event.target.value))} />
        </label>
        <button
          type="button"
          className="small ghost danger-text"
          onClick={() => edit((pipeline) => void pipeline.stages[stageIndex]?.actions.splice(actionIndex, 1))}
          aria-label={`Remove action ${action.name}`}
        >
          Remove action
        </button>
      </div>
    </fieldset>
  );
}

/**
 * Artifact names as one comma-separated field. What is typed is kept while it means the same list
 * (so "Src, " can be typed on the way to "Src, Extra"); a change from elsewhere shows the new list.
 */
function ArtifactField({ label, value, placeholder, onChange }: { label: string; value: { name?: string }[] | undefined; placeholder: string; onChange: (list: { name: string }[]) => void }): ReactNode {
  const [text, setText] = useState(() => artifactText(value));
  const shown = artifactText(artifactList(text)) === artifactText(value) ? text : artifactText(value);
  return (
    <label>
      {label}
      <input
        value={shown}
        placeholder={placeholder}
        onChange={(event) => {
          setText(event.target.value);
          onChange(artifactList(event.target.value));
        }}
      />
    </label>
  );
}
