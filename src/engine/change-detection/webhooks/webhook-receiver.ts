import type { Logger } from 'pino';
import { webhookArn, type Partition } from '../../../core/arn.js';
import type { Clock } from '../../../core/clock.js';
import type { StoreOperations, WebhookRecord } from '../../../core/contracts/store.js';
import { isPipewrightError } from '../../../core/errors/index.js';
import { deliveryId, parseCallBody, type CallOutcome, type IncomingCall } from '../incoming-call.js';
import { changeToken, type ExecutionStarter } from '../start-detected.js';
import { refuseCall } from './webhook-authentication.js';
import { failedFilter } from './webhook-filters.js';

export interface WebhookReceiverDependencies {
  store: Pick<StoreOperations, 'findWebhookByUrlId' | 'getPipeline' | 'recordWebhookDelivery'>;
  starter: ExecutionStarter;
  partition: Partition;
  clock: Clock;
  logger: Logger;
}

/**
 * A call to `/webhooks/<urlId>`: the webhook is found by its URL, the call authenticated (before the
 * body is even parsed), the filters applied to the body, and then the target pipeline started, trigger
 * Webhook with the webhook's ARN. The source action reads its branch head, as CodePipeline's GitHub
 * action does after a webhook. A redelivered call (same delivery id) starts nothing new.
 */
export async function receiveWebhookCall(deps: WebhookReceiverDependencies, urlId: string, call: IncomingCall): Promise<CallOutcome> {
  const webhook = await deps.store.findWebhookByUrlId(urlId);
  if (webhook === undefined) return { kind: 'not-found', message: `No webhook is served at /webhooks/${urlId}.` };
  const { definition } = webhook;
  const refusal = refuseCall(definition, call);
  if (refusal !== undefined) return refusal;
  const parsed = parseCallBody(call);
  if (!parsed.ok) return { kind: 'bad-request', message: parsed.message };

  const pipeline = await deps.store.getPipeline(definition.targetPipeline);
  const action = pipeline?.declaration.stages[0]?.actions.find((candidate) => candidate.name === definition.targetAction);
  if (pipeline === undefined || action === undefined) {
    const code = pipeline === undefined ? 'PipelineNotFoundException' : 'ActionNotFoundException';
    const message =
      pipeline === undefined
        ? `The target pipeline ${definition.targetPipeline} of webhook ${definition.name} does not exist.`
        : `The target pipeline ${definition.targetPipeline} of webhook ${definition.name} has no source action ${definition.targetAction}.`;
    return failed(deps, webhook, code, message);
  }
  const filteredOut = failedFilter(definition.filters, parsed.document, action.configuration ?? {});
  if (filteredOut !== undefined) return { kind: 'filtered', message: `Webhook ${definition.name} started nothing: ${filteredOut}` };

  const delivery = deliveryId(call);
  try {
    const pipelineExecutionId = await deps.starter.startExecution(definition.targetPipeline, {
      trigger: { triggerType: 'Webhook', triggerDetail: webhookArn(deps.partition, definition.name) },
      ...(delivery !== undefined ? { clientRequestToken: changeToken('webhook', webhook.urlId, delivery) } : {}),
    });
    await deps.store.recordWebhookDelivery(definition.name, { at: deps.clock.now() });
    deps.logger.info({ webhook: definition.name, pipeline: definition.targetPipeline, execution: pipelineExecutionId }, 'webhook started an execution');
    return {
      kind: 'started',
      message: `Webhook ${definition.name} started pipeline ${definition.targetPipeline}.`,
      executions: [{ pipelineName: definition.targetPipeline, pipelineExecutionId }],
    };
  } catch (error) {
    if (!isPipewrightError(error)) throw error;
    return failed(deps, webhook, error.code, error.message);
  }
}

async function failed(deps: WebhookReceiverDependencies, webhook: WebhookRecord, code: string, message: string): Promise<CallOutcome> {
  await deps.store.recordWebhookDelivery(webhook.definition.name, { at: deps.clock.now(), error: { code, message } });
  return { kind: 'failed', code, message };
}
