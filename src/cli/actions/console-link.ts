import { consoleSignInLink } from '../../client/console-link.js';
import { printJson } from '../cli-context.js';
import { runAction } from '../run-action.js';

/** `console-link`: prints a one-time link that signs a browser in to the console as the caller. */
export const consoleLinkAction = runAction<object>(async ({ connection, json, out }) => {
  const link = await consoleSignInLink(connection);
  if (json) {
    printJson(link);
    return;
  }
  out.line(link.url);
  out.note(`Signs in as ${link.arn}; works once, within ${link.expiresInSeconds / 60} minutes.`);
});
