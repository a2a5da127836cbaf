/**
 * CodePipeline's (v1, GitHub-era) webhooks: a definition (target, filters, authentication) behind a URL
 * that Pipewright serves at `/webhooks/<urlId>`. The secret token is stored as given, because checking
 * a signature needs it; it never leaves the server (the API presents it redacted).
 */
export const webhookAuthenticationTypes = ['GITHUB_HMAC', 'IP', 'UNAUTHENTICATED'] as const;
export type WebhookAuthenticationType = (typeof webhookAuthenticationTypes)[number];

export interface WebhookFilterRule {
  /** A JSONPath expression applied to the request body. */
  jsonPath: string;
  /** What the selected value must equal; `{ConfigKey}` stands for the target action's configuration value. */
  matchEquals?: string;
}

export interface WebhookDefinition {
  name: string;
  targetPipeline: string;
  targetAction: string;
  filters: WebhookFilterRule[];
  authentication: WebhookAuthenticationType;
  authenticationConfiguration: { SecretToken?: string; AllowedIPRange?: string };
}

export interface WebhookRecord {
  definition: WebhookDefinition;
  /** The random id in the webhook's URL; a webhook created again after a delete gets a new one. */
  urlId: string;
  created: number;
  updated: number;
  /** The last call that started an execution. */
  lastTriggered?: number;
  /** What went wrong with the last call that passed authentication and filters, until one succeeds. */
  error?: { code: string; message: string };
  /** RegisterWebhookWithThirdParty's state (Pipewright calls no third party; it records the request). */
  registeredWithThirdParty: boolean;
}

export interface WebhookOperations {
  /**
   * Creates the webhook with `urlId`, or replaces the definition of the one of that name, which keeps
   * its URL, its creation time and its registration. Returns the record as stored.
   */
  putWebhook(input: { definition: WebhookDefinition; urlId: string; now: number }): Promise<WebhookRecord>;
  getWebhook(name: string): Promise<WebhookRecord | undefined>;
  findWebhookByUrlId(urlId: string): Promise<WebhookRecord | undefined>;
  /** Webhooks ordered by name, starting after `afterName`. */
  listWebhooks(page: { afterName?: string; limit: number }): Promise<WebhookRecord[]>;
  countWebhooks(): Promise<number>;
  /** False when there was no such webhook. */
  deleteWebhook(name: string): Promise<boolean>;
  /** False when there is no such webhook. */
  setWebhookRegistration(name: string, registered: boolean): Promise<boolean>;
  /** A call got through: it started an execution (`lastTriggered`, error cleared) or failed to (`error`). */
  recordWebhookDelivery(name: string, outcome: { at: number; error?: { code: string; message: string } }): Promise<void>;
}
