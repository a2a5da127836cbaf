import {
  DeleteWebhookCommand,
  DeregisterWebhookWithThirdPartyCommand,
  paginateListWebhooks,
  PutWebhookCommand,
  RegisterWebhookWithThirdPartyCommand,
  type ListWebhookItem,
  type PutWebhookInput,
} from '@aws-sdk/client-codepipeline';
import { withoutMetadata } from '../../client/index.js';
import { printJson, type CliContext } from '../cli-context.js';
import { readDataFile } from '../definition-file.js';
import { CliFailure, ExitCode, usageError } from '../exit-codes.js';
import { formatTime, table } from '../format.js';
import { runAction } from '../run-action.js';

/**
 * `webhook list|put|url|delete|register|deregister`: CodePipeline's webhooks (V1 pipelines' push
 * triggers). A webhook's URL is where the git host posts; Pipewright serves it under `/webhooks/…`.
 * With --json each prints the operation's response (`url` prints `{"name", "url"}`).
 */
export const webhookAction = runAction<{ pipeline?: string }>(async (context, { pipeline }) => {
        const webhooks = (await allWebhooks(context)).filter((item) => pipeline === undefined || item.definition?.targetPipeline === pipeline);
        if (context.json) {
          printJson({ webhooks });
          return;
        }
        const { out } = context;
        if (webhooks.length === 0) {
          out.line('No webhooks.');
          return;
        }
        const rows = webhooks.map((item) => [
          item.definition?.name ?? '?',
          `${item.definition?.targetPipeline ?? '?'}/${item.definition?.targetAction ?? '?'}`,
          item.definition?.authentication ?? '',
          formatTime(item.lastTriggered),
          item.errorCode !== undefined ? out.colors.red(item.errorCode) : '',
          item.url ?? '',
        ]);
        for (const line of table(out.colors, ['NAME', 'TARGET', 'AUTH', 'LAST TRIGGERED', 'ERROR', 'URL'], rows)) out.line(line);
      });

export const webhookAction2 = runAction<{ file: string }>(async ({ send, json, out }, { file }) => {
        const input = putWebhookInput(await readDataFile(file), file);
        const response = await send((client) => client.send(new PutWebhookCommand(input)));
        if (json) printJson(withoutMetadata(response));
        else out.line(`Webhook ${input.webhook?.name ?? '?'} → ${response.webhook?.url ?? '?'}`);
      });

export const webhookAction3 = runAction<object, [string]>(async (context, _options, name) => {
        const found = (await allWebhooks(context)).find((item) => item.definition?.name === name);
        if (found?.url === undefined) throw new CliFailure(`WebhookNotFoundException: No webhook named ${name}.`, ExitCode.refused);
        if (context.json) printJson({ name, url: found.url });
        else context.out.line(found.url);
      });

export const webhookAction4 = runAction<object, [string]>(async ({ send, json, out }, _options, name) => {
        const response = await send((client) => client.send(new DeleteWebhookCommand({ name })));
        if (json) printJson(withoutMetadata(response));
        else out.line(`Deleted webhook ${name}.`);
      });

/** `register` and `deregister`: the same call but for its operation. */
export function registrationAction(name: 'register' | 'deregister') {
  const Operation = name === 'register' ? RegisterWebhookWithThirdPartyCommand : DeregisterWebhookWithThirdPartyCommand;
  return runAction<object, [string]>(async ({ send, json, out }, _options, webhookName) => {
    const response = await send((client) => client.send(new Operation({ webhookName })));
    if (json) printJson(withoutMetadata(response));
    else out.line(`${name === 'register' ? 'Registered' : 'Deregistered'} webhook ${webhookName}.`);
  });
}

export const registerAction = registrationAction('register');
export const deregisterAction = registrationAction('deregister');

async function allWebhooks(context: CliContext): Promise<ListWebhookItem[]> {
  return context.send(async (client) => {
    const found: ListWebhookItem[] = [];
    for await (const page of paginateListWebhooks({ client }, {})) found.push(...(page.webhooks ?? []));
    return found;
  });
}

/** PutWebhook's input from a file holding it whole, or the webhook definition alone. */
function putWebhookInput(content: unknown, file: string): PutWebhookInput {
  if (typeof content !== 'object' || content === null || Array.isArray(content)) throw usageError(`${file} must hold a mapping: a webhook definition, or {"webhook": …}.`);
  const record = content as Record<string, unknown>;
  return ('webhook' in record ? record : { webhook: record }) as unknown as PutWebhookInput;
}
