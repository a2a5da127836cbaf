import type { ReactNode } from 'react';
import { allPages, call, getApi } from '../api/client.js';
import { required } from '../api/records.js';
import type { PipelineDeclaration } from '../api/types.js';
import type { ListWebhookItem, Tag } from '../api/wire-shapes.js';
import { Layout, PipelineTabs } from '../components/layout.js';
import { isNotFound, NotFoundPage } from '../components/not-found.js';
import { ErrorBanner } from '../components/status.js';
import { formatTime } from '../lib/format.js';
import { useLiveData } from '../lib/live.js';
import { Link, paths } from '../router.js';

/** `GET /api/notification-rules`: where Pipewright posts matching events (headers are write-only, not shown). */
interface NotificationRule {
  id: string;
  name: string;
  eventPattern: { detail?: { pipeline?: string[] } } & Record<string, unknown>;
  target: { url: string };
}

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
    getApi<{ rules: NotificationRule[] }>('/api/notification-rules').then((answer) => answer.rules),
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
  const { data, error } = useLiveData(() => loadSettings(name), name, null);
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
          <h2>Notifications</h2>
          {data.rules.length === 0 ? (
            <p className="muted">No notification rule matches this pipeline's events (POST /api/notification-rules adds one).</p>
          ) : (
            <table className="list" aria-label="Notification rules">
              <tbody>
                {data.rules.map((rule) => (
                  <tr key={rule.id} data-rule={rule.name}>
                    <td>
                      <strong>{rule.name}</strong>
                      {rule.eventPattern.detail?.pipeline === undefined ? <span className="tag">every pipeline</span> : null}
                    </td>
                    <td>
                      <code className="small wrap">{rule.target.url}</code>
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
    </Layout>
  );
}
