import { Command } from 'commander';
import { lazyAction } from '../lazy-action.js';

/**
 * `webhook list|put|url|delete|register|deregister`: CodePipeline's webhooks (V1 pipelines' push
 * triggers). A webhook's URL is where the git host posts; Pipewright serves it under `/webhooks/…`.
 * With --json each prints the operation's response (`url` prints `{"name", "url"}`).
 */
export function webhookCommand(): Command {
  const list = new Command('list')
    .description('List webhooks (and their URLs).')
    .option('--pipeline <name>', 'only the webhooks of this pipeline')
    .action(lazyAction(() => import('../actions/webhook.js'), 'webhookAction'));

  const put = new Command('put')
    .description('Create or replace a webhook from a file ({"webhook": {…}, "tags": […]} as put-webhook takes it, or the definition alone).')
    .requiredOption('-f, --file <file>', 'JSON or YAML (- for stdin)')
    .action(lazyAction(() => import('../actions/webhook.js'), 'webhookAction2'));

  const url = new Command('url')
    .description('Print the URL a git host should post to for a webhook.')
    .argument('<webhook>', 'the webhook')
    .action(lazyAction(() => import('../actions/webhook.js'), 'webhookAction3'));

  const remove = new Command('delete')
    .description('Delete a webhook (its URL stops answering).')
    .argument('<webhook>', 'the webhook')
    .action(lazyAction(() => import('../actions/webhook.js'), 'webhookAction4'));

  // Pipewright calls no git host: registering records the intent; point the host at `webhook url` yourself.
  const register = registration('register', 'Mark a webhook as registered with its git host.');
  const deregister = registration('deregister', 'Mark a webhook as no longer registered with its git host.');

  return new Command('webhook')
    .description('Webhooks that start V1 pipelines when a git host posts to them.')
    .addCommand(list)
    .addCommand(put)
    .addCommand(url)
    .addCommand(remove)
    .addCommand(register)
    .addCommand(deregister);
}

function registration(name: 'register' | 'deregister', description: string): Command {
  return new Command(name)
    .description(description)
    .argument('<webhook>', 'the webhook')
    .action(lazyAction(() => import('../actions/webhook.js'), name === 'register' ? 'registerAction' : 'deregisterAction'));
}
