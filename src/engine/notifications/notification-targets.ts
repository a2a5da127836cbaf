import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Where approval notifications go: `<data-dir>/notifications.json` maps the NotificationArn of manual
 * approval actions (an SNS topic's ARN on AWS) to an HTTP webhook.
 *
 *   {
 *     "consoleUrl": "https://pipewright.example.com",          (optional: the links' base; the server's URL by default)
 *     "targets": {
 *       "arn:aws:sns:us-east-1:123456789012:releases": {
 *         "url": "https://hooks.example.com/approvals",
 *         "format": "aws",                                      (aws | sns | slack; aws by default)
 *         "headers": { "Authorization": "Bearer …" }            (optional)
 *       }
 *     }
 *   }
 *
 * `aws` posts AWS's approval message JSON as the body; `sns` wraps it as SNS delivers it to an HTTP
 * subscriber (a Notification whose Message is that JSON, unsigned); `slack` posts a message a Slack
 * incoming webhook (or any compatible one) shows, with a button to the review page. The file is read
 * at each notification: changing it needs no restart.
 */
export interface NotificationSettings {
  consoleUrl?: string;
  targets: Record<string, NotificationTarget>;
}

export const notificationFormats = ['aws', 'sns', 'slack'] as const;
export type NotificationFormat = (typeof notificationFormats)[number];

export interface NotificationTarget {
  url: string;
  format: NotificationFormat;
  headers: Record<string, string>;
}

export function notificationsFile(dataDir: string): string {
  return join(dataDir, 'notifications.json');
}

/** The settings, or none when there is no file; a file that cannot be read as settings throws with where and why. */
export async function loadNotificationSettings(dataDir: string): Promise<NotificationSettings> {
  const file = notificationsFile(dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { targets: {} };
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  return readSettings(parsed, file);
}

function readSettings(value: unknown, file: string): NotificationSettings {
  if (!isObject(value)) throw new Error(`${file} must hold a JSON object with "targets".`);
  const { consoleUrl, targets } = value;
  if (consoleUrl !== undefined && (typeof consoleUrl !== 'string' || !isHttpUrl(consoleUrl))) throw new Error(`${file}: consoleUrl must be an http(s) URL.`);
  if (targets !== undefined && !isObject(targets)) throw new Error(`${file}: targets must map NotificationArn values to {"url", "format", "headers"}.`);
  const read: Record<string, NotificationTarget> = {};
  for (const [arn, target] of Object.entries(targets ?? {})) {
    const where = `${file}: the target of ${arn}`;
    if (!isObject(target)) throw new Error(`${where} must be an object with a url.`);
    const { url, format, headers } = target;
    if (typeof url !== 'string' || !isHttpUrl(url)) throw new Error(`${where} needs a url, an http(s) URL.`);
    if (format !== undefined && !(notificationFormats as readonly unknown[]).includes(format)) {
      throw new Error(`${where} has format ${JSON.stringify(format)}; use ${notificationFormats.join(', ')}.`);
    }
    if (headers !== undefined && (!isObject(headers) || Object.values(headers).some((header) => typeof header !== 'string'))) {
      throw new Error(`${where} has headers that are not an object of strings.`);
    }
    read[arn] = { url, format: (format as NotificationFormat | undefined) ?? 'aws', headers: (headers as Record<string, string> | undefined) ?? {} };
  }
  return { ...(consoleUrl !== undefined ? { consoleUrl: consoleUrl.replace(/\/+$/, '') } : {}), targets: read };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
