import { useState, type ReactNode } from 'react';
import { allPages, call } from '../api/client.js';
import { required } from '../api/records.js';
import type { PipelineDeclaration } from '../api/types.js';
import type { ListWebhookItem, Tag } from '../api/wire-shapes.js';
import { Layout, PipelineTabs } from '../components/layout.js';
import { isNotFound, NotFoundPage } from '../components/not-found.js';
import { ErrorBanner } from '../components/status.js';
import { formatTime } from '../lib/format.js';
import { useLiveData } from '../lib/live.js';
import { Link, paths } from '../router.js';
import { FormDialog } from '../components/dialog.js';
import { deleteRule, listRules, type NotificationRule } from '../notifications/notification-rules.js';
import { RuleDialog } from '../notifications/rule-dialog.js';

interface Settings {
  declaration: PipelineDeclaration;
  arn: string | undefined;
  webhooks: ListWebhookItem[];
  tags: Tag[];
  rules: NotificationRule[];
}

async function loadSettings(name: string): Promise<Settings> {
  const pipeline = await call('GetPipeline', { name });
  const arn = pipeline.metadata?.pipelineArn;
  const [webhooks, tags, rules] = await Promise.all([
    allPages(async (nextToken) => {
      const page = await call('ListWebhooks', { MaxResults: 100, ...(nextToken !== undefined ? { NextToken: nextToken } : {}) });
      return { items: page.webhooks ?? [], ...(page.NextToken !== undefined ? { nextToken: page.NextToken } : {}) };
    }, 1000),
    arn !== undefined ? call('ListTagsForResource', { resourceArn: arn }).then((answer) => answer.tags ?? []) : Promise.resolve([]),
    listRules(),
  ]);
  return {
    declaration: required(pipeline.pipeline, 'pipeline'),
    arn,
    webhooks: webhooks.filter((webhook) => webhook.definition.targetPipeline === name),
    tags,
    // A rule without a pipeline in its pattern matches every pipeline's events.
    rules: rules.filter((rule) => rule.eventPattern.detail?.pipeline === undefined || rule.eventPattern.detail.pipeline.includes(name)),
  };
}

/** What starts a pipeline and what it tells: triggers, webhooks, notification rules, and its tags. */
export function SettingsPage({ name }: { name: string }): ReactNode {
  const { data, error, reload } = useLiveData(() => loadSettings(name), name, null);
  // The rule being edited (null: a new one), or the one about to be deleted.
  const [editing, setEditing] = useState<NotificationRule | null | undefined>(undefined);
  const [deleting, setDeleting] = useState<NotificationRule | undefined>(undefined);
  if (data === undefined && isNotFound(error)) {
    return <NotFoundPage crumbs={[{ label: 'Pipelines', to: paths.pipelines() }]} title="No such pipeline" message={<>There is no pipeline named <code>{name}</code>.</>} />;
  }
  return (
    <Layout crumbs={[{ label: 'Pipelines', to: paths.pipelines() }, { label: name, to: paths.pipeline(name) }, { label: 'Triggers and tags' }]}>
      <div className="page-head">
        <h1>{name}</h1>
      </div>
      <PipelineTabs name={name} current="settings" />
      <ErrorBanner error={error} />
      {data === undefined ? (
        error === undefined ? (
          <p className="muted">Loading…</p>
        ) : null
      ) : (
        <>
          <h2>Triggers</h2>
          {(data.declaration.triggers ?? []).length === 0 ? (
            <p className="muted">No triggers in the definition. Sources start the pipeline on a change unless their PollForSourceChanges is false.</p>
          ) : (
            <ul className="plain-list" aria-label="Triggers">
              {(data.declaration.triggers ?? []).map((trigger, index) => (
                <li key={index} data-trigger={trigger.gitConfiguration.sourceActionName}>
                  <strong>{trigger.gitConfiguration.sourceActionName}</strong> <span className="muted">({trigger.providerType})</span>
                  <pre className="code small">{JSON.stringify({ push: trigger.gitConfiguration.push, pullRequest: trigger.gitConfiguration.pullRequest }, null, 2)}</pre>
                </li>
              ))}
            </ul>
          )}
          <h2>Webhooks</h2>
          {data.webhooks.length === 0 ? (
            <p className="muted">No webhooks target this pipeline (PutWebhook adds one).</p>
          ) : (
            <table className="list" aria-label="Webhooks">
              <tbody>
                {data.webhooks.map((webhook) => (
                  <tr key={webhook.definition.name} data-webhook={webhook.definition.name}>
                    <td>
                      <strong>{webhook.definition.name}</strong>
                      <div className="muted small">
                        → {webhook.definition.targetAction} · {webhook.definition.authentication}
                      </div>
                    </td>
                    <td>
                      <code className="small wrap">{webhook.url}</code>
                      <div className="muted small">{webhook.definition.filters.map((filter) => `${filter.jsonPath}${filter.matchEquals !== undefined ? ` = ${filter.matchEquals}` : ''}`).join(' · ')}</div>
                    </td>
                    <td className="muted small hide-narrow">{webhook.lastTriggered !== undefined ? `last ${formatTime(webhook.lastTriggered)}` : 'never triggered'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="section-head">
            <h2>Notifications</h2>
            <button type="button" className="small" onClick={() => setEditing(null)}>
              Add notification rule
            </button>
          </div>
          {data.rules.length === 0 ? (
            <p className="muted">No notification rule matches this pipeline's events.</p>
          ) : (
            <table className="list" aria-label="Notification rules">
              <tbody>
                {data.rules.map((rule) => (
                  <tr key={rule.id} data-rule={rule.name}>
                    <td>
                      <strong>{rule.name}</strong>
                      {rule.eventPattern.detail?.pipeline === undefined ? <span className="tag">every pipeline</span> : null}
                      <div className="muted small" data-rule-events>
                        {describeEvents(rule)}
                      </div>
                    </td>
                    <td>
                      <code className="small wrap">{rule.target.url}</code>
                      {Object.keys(rule.target.headers ?? {}).length > 0 ? <div className="muted small">headers: {Object.keys(rule.target.headers ?? {}).join(', ')}</div> : null}
                    </td>
                    <td className="row-buttons">
                      <button type="button" className="small" onClick={() => setEditing(rule)} aria-label={`Edit ${rule.name}`}>
                        Edit
                      </button>
                      <button type="button" className="small ghost danger-text" onClick={() => setDeleting(rule)} aria-label={`Delete ${rule.name}`}>
                        Delete
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h2>Tags</h2>
          {data.tags.length === 0 ? (
            <p className="muted">No tags.</p>
          ) : (
            <table className="list compact" aria-label="Tags">
              <tbody>
                {data.tags.map((tag) => (
                  <tr key={tag.key} data-tag={tag.key}>
                    <td>
                      <code>{tag.key}</code>
                    </td>
                    <td className="value">{tag.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {data.arn !== undefined ? (
            <p className="muted small">
              ARN <code className="wrap">{data.arn}</code> · <Link to={paths.edit(name)}>Edit the definition</Link> to change its triggers.
            </p>
          ) : null}
        </>
      )}
      {editing !== undefined ? (
        <RuleDialog
          pipeline={name}
          rule={editing ?? undefined}
          onDone={() => {
            setEditing(undefined);
            reload();
          }}
        />
      ) : null}
      {deleting !== undefined ? (
        <FormDialog
          title={`Delete ${deleting.name}?`}
          submitLabel="Delete rule"
          danger
          onSubmit={() => deleteRule(deleting.id)}
          onClose={() => {
            setDeleting(undefined);
            reload();
          }}
        >
          <p>
            Events will no longer be sent to <code className="wrap">{deleting.target.url}</code>. Its delivery record goes with it.
          </p>
        </FormDialog>
      ) : null}
    </Layout>
  );
}

/** A rule's pattern in words: which kinds of events, in which states. */
function describeEvents(rule: NotificationRule): string {
  const kinds = (rule.eventPattern['detail-type'] ?? ['every event']).map((kind) => kind.replace(/^CodePipeline /, '').replace(/ State Change$/, '').toLowerCase());
  const states = rule.eventPattern.detail?.state;
  return `${kinds.join(', ')}${states !== undefined ? `: ${states.join(', ')}` : ''}`;
}
