import { useEffect, useState, type ReactNode } from 'react';
import { ApiError, call } from '../api/client.js';
import { required } from '../api/records.js';
import type { PipelineDeclaration } from '../api/types.js';
import { FormDialog } from '../components/dialog.js';
import { Layout } from '../components/layout.js';
import { isNotFound, NotFoundPage } from '../components/not-found.js';
import { ErrorBanner } from '../components/status.js';
import { Diff } from '../pages/definition-page.js';
import { navigate, paths } from '../router.js';
import { useActionTypes } from './action-types.js';
import { applyEdit, cloneOf, forSaving, starterPipeline, type Edit } from './draft.js';
import { locateRefusal, type RefusalLocation } from './refusal-location.js';
import { TextEditor } from './text-editor.js';
import { loadTextTools, type TextTools } from './text-tools.js';
import { VisualEditor } from './visual-editor.js';

type Tab = 'visual' | 'json' | 'yaml';

/**
 * Creates a pipeline (new, or a clone of another) or edits one: a visual editor beside the JSON and
 * YAML text, a diff against what the server has before saving, and the server's own validation:
 * there is no dry run in CodePipeline's API, so the refusal of CreatePipeline / UpdatePipeline is
 * shown on the stage or action it names, and nothing was changed.
 */
export function EditorPage({ name, cloneOf: cloneName }: { name: string | undefined; cloneOf: string | undefined }): ReactNode {
  const creating = name === undefined;
  const [base, setBase] = useState<PipelineDeclaration | undefined>(undefined);
  const [draft, setDraft] = useState<PipelineDeclaration | undefined>(() => (creating && cloneName === undefined ? starterPipeline() : undefined));
  const [loadError, setLoadError] = useState<Error | undefined>(undefined);
  const [tab, setTab] = useState<Tab>('visual');
  const [refusal, setRefusal] = useState<{ message: string; location: RefusalLocation } | undefined>(undefined);
  const [reviewing, setReviewing] = useState(false);
  const [tools, setTools] = useState<TextTools | undefined>(undefined);
  const { types, error: typesError } = useActionTypes();

  useEffect(() => {
    loadTextTools().then(setTools, (caught: unknown) => setLoadError(caught instanceof Error ? caught : new Error(String(caught))));
    const source = name ?? cloneName;
    if (source === undefined) return;
    call('GetPipeline', { name: source })
      .then((result) => {
        const pipeline = required(result.pipeline, 'pipeline');
        if (name !== undefined) setBase(pipeline);
        setDraft(name !== undefined ? pipeline : cloneOf(pipeline));
      })
      .catch((caught: unknown) => setLoadError(caught instanceof Error ? caught : new Error(String(caught))));
  }, [name, cloneName]);

  const edit: Edit = (change) => setDraft((before) => (before === undefined ? before : applyEdit(before, change)));
  const title = name !== undefined ? `Edit ${name}` : cloneName !== undefined ? `Clone ${cloneName}` : 'Create pipeline';
  const crumbs = [{ label: 'Pipelines', to: paths.pipelines() }, ...(name !== undefined ? [{ label: name, to: paths.pipeline(name) }] : []), { label: name !== undefined ? 'Edit' : 'New pipeline' }];

  if (draft === undefined && isNotFound(loadError)) {
    return <NotFoundPage crumbs={[{ label: 'Pipelines', to: paths.pipelines() }]} title="No such pipeline" message={<>There is no pipeline named <code>{name ?? cloneName}</code> to {name !== undefined ? 'edit' : 'clone'}.</>} />;
  }

  const save = async (): Promise<void> => {
    if (draft === undefined) return;
    const pipeline = forSaving(draft);
    try {
      if (creating) {
        const { version: _version, ...created } = pipeline;
        await call('CreatePipeline', { pipeline: created });
      } else {
        await call('UpdatePipeline', { pipeline });
      }
      navigate(paths.pipeline(pipeline.name));
    } catch (caught) {
      const message = caught instanceof ApiError ? `${caught.type}: ${caught.message}` : caught instanceof Error ? caught.message : String(caught);
      setRefusal({ message, location: locateRefusal(message, draft) });
      setTab('visual');
      // The refused field is somewhere down the form: bring it into view once it is drawn.
      requestAnimationFrame(() => document.querySelector('.refused, .pipeline-refusal')?.scrollIntoView({ block: 'center' }));
    }
  };

  const render = (value: PipelineDeclaration | undefined): string => (value === undefined ? '' : `${JSON.stringify({ pipeline: forSaving(value) }, null, 2)}\n`);

  return (
    <Layout crumbs={crumbs}>
      <div className="page-head">
        <h1>{title}</h1>
        <div className="head-actions">
          <button type="button" onClick={() => navigate(name !== undefined ? paths.pipeline(name) : paths.pipelines())}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={draft === undefined || tools === undefined} onClick={() => setReviewing(true)}>
            Review and save
          </button>
        </div>
      </div>
      <ErrorBanner error={loadError ?? typesError} />
      {refusal !== undefined && 'pipeline' in refusal.location ? (
        <p className="error-banner pipeline-refusal" role="alert" data-refusal="pipeline">
          {refusal.message}
        </p>
      ) : refusal !== undefined ? (
        <p className="muted small" role="status">
          The server refused the definition; the reason is shown on the stage or action it names below. Nothing was saved.
        </p>
      ) : null}
      <div className="segmented" role="group" aria-label="Editor">
        {(['visual', 'json', 'yaml'] as const).map((candidate) => (
          <button key={candidate} type="button" aria-pressed={tab === candidate} onClick={() => setTab(candidate)}>
            {candidate === 'visual' ? 'Visual' : candidate.toUpperCase()}
          </button>
        ))}
      </div>
      {draft === undefined ? (
        <p className="muted">Loading…</p>
      ) : tab === 'visual' ? (
        <VisualEditor declaration={draft} creating={creating} types={types} edit={edit} refusal={refusal} />
      ) : tools === undefined ? (
        <p className="muted">Loading…</p>
      ) : (
        <TextEditor key={tab} format={tab} declaration={draft} tools={tools} onChange={setDraft} />
      )}
      {reviewing && draft !== undefined && tools !== undefined ? (
        <FormDialog title={creating ? `Create ${draft.name === '' ? 'the pipeline' : draft.name}` : `Save ${draft.name} as a new version`} submitLabel={creating ? 'Create' : 'Save'} wide onClose={() => setReviewing(false)} onSubmit={save}>
          <p className="muted small">{creating ? 'The new definition:' : `Changes against version ${base?.version ?? ''}:`}</p>
          <Diff tools={tools} from={render(base)} to={render(draft)} fromLabel={creating ? 'nothing' : `version ${base?.version ?? ''}`} toLabel="your edit" context={creating ? undefined : 4} />
        </FormDialog>
      ) : null}
    </Layout>
  );
}
