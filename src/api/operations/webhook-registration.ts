import { PipewrightError } from '../../core/errors/index.js';
import type * as wire from '../wire/shapes.js';
import type { Operation, RequestContext } from './operation.js';

/**
 * Register/DeregisterWebhookWithThirdParty. On AWS these create or remove the hook on GitHub. Pipewright
 * talks to no third party: it records whether the webhook is meant to be registered, and refuses
 * webhooks that do not exist. Point the host's webhook at the URL PutWebhook returned yourself.
 */
export const registerWebhookWithThirdParty: Operation<wire.RegisterWebhookWithThirdPartyInput, wire.RegisterWebhookWithThirdPartyOutput> = async (input, context) => {
  await setRegistration(input.webhookName, true, context);
  return {};
};

export const deregisterWebhookWithThirdParty: Operation<wire.DeregisterWebhookWithThirdPartyInput, wire.DeregisterWebhookWithThirdPartyOutput> = async (
  input,
  context,
) => {
  await setRegistration(input.webhookName, false, context);
  return {};
};

async function setRegistration(name: string | undefined, registered: boolean, context: RequestContext): Promise<void> {
  if (name === undefined) throw new PipewrightError('WebhookNotFoundException', 'No webhookName was given.');
  if (!(await context.services.store.setWebhookRegistration(name, registered))) {
    throw new PipewrightError('WebhookNotFoundException', `No webhook named ${name}.`);
  }
}
