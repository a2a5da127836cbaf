import type { ReactNode } from 'react';
import { field, FormDialog } from '../components/dialog.js';
import { allStates, eventKinds, parseHeaders, saveRule, type NotificationRule } from './notification-rules.js';

/**
 * Creates or edits a notification rule: which events (kinds and states, this pipeline's or every
 * pipeline's) go to which URL with which headers. Parts of a pattern the form does not show (a stage, an
 * action, content filters written through the API) are kept as they were.
 */
export function RuleDialog({ pipeline, rule, onDone }: { pipeline: string; rule: NotificationRule | undefined; onDone: () => void }): ReactNode {
  const pattern = rule?.eventPattern;
  const kinds = pattern?.['detail-type'] ?? [eventKinds[0].detailType];
  const states = pattern?.detail?.state ?? [];
  const onlyThis = rule === undefined || pattern?.detail?.pipeline !== undefined;
  const headerNames = Object.keys(rule?.target.headers ?? {});

  const submit = async (form: FormData): Promise<void> => {
    const chosenKinds = form.getAll('kind').map(String);
    const chosenStates = form.getAll('state').map(String);
    const headers = parseHeaders(field(form, 'headers'));
    if (typeof headers === 'string') throw new Error(headers);
    const { pipeline: _pipeline, state: _state, ...otherDetail } = pattern?.detail ?? {};
    const detail = {
      ...otherDetail,
      ...(form.get('only-this') !== null ? { pipeline: [...new Set([...(pattern?.detail?.pipeline ?? []), pipeline])] } : {}),
      ...(chosenStates.length > 0 ? { state: chosenStates } : {}),
    };
    await saveRule(rule?.id, {
      name: field(form, 'name'),
      eventPattern: {
        ...pattern,
        source: ['aws.codepipeline'],
        ...(chosenKinds.length > 0 ? { 'detail-type': chosenKinds } : {}),
        ...(Object.keys(detail).length > 0 ? { detail } : {}),
      },
      // No headers typed while editing: the server keeps the ones the rule has (their values are never shown).
      target: { url: field(form, 'url'), ...(Object.keys(headers).length > 0 || rule === undefined ? { headers } : {}) },
    });
  };

  return (
    <FormDialog title={rule === undefined ? 'New notification rule' : `Edit ${rule.name}`} submitLabel={rule === undefined ? 'Create rule' : 'Save rule'} onSubmit={submit} onClose={onDone}>
      <label>
        Name
        <input name="name" defaultValue={rule?.name ?? `${pipeline}-notifications`} required pattern="[\w.\-]{1,64}" aria-label="Rule name" />
      </label>
      <fieldset>
        <legend>Events</legend>
        {eventKinds.map((kind) => (
          <label key={kind.detailType} className="inline">
            <input type="checkbox" name="kind" value={kind.detailType} defaultChecked={kinds.includes(kind.detailType)} /> {kind.label}
          </label>
        ))}
        <label className="inline">
          <input type="checkbox" name="only-this" defaultChecked={onlyThis} /> Only {pipeline}'s events
        </label>
      </fieldset>
      <fieldset className="state-choices">
        <legend>States (none ticked: every state)</legend>
        {allStates.map((state) => (
          <label key={state} className="inline">
            <input type="checkbox" name="state" value={state} defaultChecked={states.includes(state)} /> {state}
          </label>
        ))}
      </fieldset>
      <label>
        Target URL
        <input name="url" type="url" required defaultValue={rule?.target.url ?? ''} placeholder="https://chat.example.com/hooks/…" aria-label="Target URL" />
      </label>
      <label>
        Headers, one “Name: value” a line
        <textarea
          name="headers"
          rows={2}
          aria-label="Headers"
          placeholder={headerNames.length > 0 ? `Kept as they are (${headerNames.join(', ')}) unless you type new ones` : 'Authorization: Bearer …'}
        />
      </label>
    </FormDialog>
  );
}
