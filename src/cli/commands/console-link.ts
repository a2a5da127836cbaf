import { Command } from 'commander';
import { lazyAction } from '../lazy-action.js';

/** `console-link`: prints a one-time link that signs a browser in to the console as the caller. */
export function consoleLinkCommand(): Command {
  return new Command('console-link')
    .description('Print a one-time link (10 minutes) that signs a browser in to the console as you (servers started with --auth iam).')
    .action(lazyAction(() => import('../actions/console-link.js'), 'consoleLinkAction'));
}
