import type { ReactNode } from 'react';
import { call } from '../api/client.js';
import type { PipelineDeclaration } from '../api/types.js';
import type { SourceRevisionOverride, SourceRevisionType } from '../api/wire-shapes.js';
import { FormDialog, field } from '../components/dialog.js';

/** The kind of revision each source provider takes as an override (AWS: StartPipelineExecution's sourceRevisions). */
const revisionTypes: Record<string, SourceRevisionType> = {
  CodeCommit: 'COMMIT_ID',
  CodeStarSourceConnection: 'COMMIT_ID',
  GitHub: 'COMMIT_ID',
  ECR: 'IMAGE_DIGEST',
  S3: 'S3_OBJECT_VERSION_ID',
};

const placeholders: Record<SourceRevisionType, string> = {
  COMMIT_ID: 'latest commit, or a commit id',
  IMAGE_DIGEST: 'latest image, or sha256:…',
  S3_OBJECT_VERSION_ID: 'latest version, or a version id',
  S3_OBJECT_KEY: 'latest object, or a key',
};

/**
 * "Release change": a new execution with the latest revision of each source, or the revisions typed
 * here, and the pipeline's variables (V2) with their defaults filled in.
 */
export function ReleaseDialog({ pipelineName, declaration, onDone }: { pipelineName: string; declaration: PipelineDeclaration | undefined; onDone: () => void }): ReactNode {
  const sources = (declaration?.stages[0]?.actions ?? []).filter((action) => action.actionTypeId.category === 'Source' && revisionTypes[action.actionTypeId.provider] !== undefined);
  const variables = declaration?.variables ?? [];
  return (
    <FormDialog
      title="Release change"
      submitLabel="Release"
      onClose={onDone}
      onSubmit={async (form) => {
        const sourceRevisions: SourceRevisionOverride[] = sources.flatMap((action) => {
          const value = field(form, `revision:${action.name}`);
          const revisionType = revisionTypes[action.actionTypeId.provider];
          return value === '' || revisionType === undefined ? [] : [{ actionName: action.name, revisionType, revisionValue: value }];
        });
        const values = variables.map((variable) => ({ name: variable.name, value: field(form, `variable:${variable.name}`) })).filter((variable) => variable.value !== '');
        await call('StartPipelineExecution', {
          name: pipelineName,
          ...(sourceRevisions.length > 0 ? { sourceRevisions } : {}),
          ...(values.length > 0 ? { variables: values } : {}),
        });
      }}
    >
      <p>Start a new execution of {pipelineName}. Left empty, each source takes its latest revision and each variable its default.</p>
      {sources.length > 0 ? (
        <fieldset>
          <legend>Source revisions</legend>
          {sources.map((action) => {
            const revisionType = revisionTypes[action.actionTypeId.provider] ?? 'COMMIT_ID';
            return (
              <label key={action.name}>
                {action.name} <span className="muted small">({action.actionTypeId.provider}, {revisionType})</span>
                <input name={`revision:${action.name}`} placeholder={placeholders[revisionType]} autoComplete="off" />
              </label>
            );
          })}
        </fieldset>
      ) : null}
      {variables.length > 0 ? (
        <fieldset>
          <legend>Variables</legend>
          {variables.map((variable) => (
            <label key={variable.name}>
              {variable.name}
              {variable.description !== undefined ? <span className="muted small"> {variable.description}</span> : null}
              <input name={`variable:${variable.name}`} defaultValue={variable.defaultValue ?? ''} aria-label={`Variable ${variable.name}`} />
            </label>
          ))}
        </fieldset>
      ) : null}
    </FormDialog>
  );
}
