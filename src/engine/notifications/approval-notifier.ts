import type { Logger } from 'pino';
import type { Partition } from '../../core/arn.js';
import type { Clock } from '../../core/clock.js';
import type { ActionLog, LogStore } from '../../core/contracts/action-log.js';
import { coerceError } from '../../core/errors/index.js';
import type { Engine } from '../engine.js';
import type { EngineSignalMap } from '../engine-signals.js';
import { notificationRequest, type ApprovalNotice } from './approval-message.js';
import { loadNotificationSettings, type NotificationTarget } from './notification-targets.js';

export interface ApprovalNotifierOptions {
  engine: Engine;
  logs: LogStore;
  dataDir: string;
  /** The server's URL: the base of the console links unless notifications.json names another. */
  serverUrl: string;
  partition: Partition;
  clock: Clock;
  logger: Logger;
  /** Attempts per notification (the first and its retries). */
  attempts?: number;
  /** The wait before the first retry; each next one waits twice as long. */
  retryBaseMs?: number;
  /** How long one attempt may take. */
  requestTimeoutMs?: number;
}

type ApprovalRequest = EngineSignalMap['approvalRequested'];

/**
 * Tells people that an approval waits: on the engine's `approvalRequested` signal, the approval's
 * NotificationArn is looked up in `<data-dir>/notifications.json` and its target is sent AWS's approval
 * message (or the SNS or Slack form of it), with CustomData and ExternalEntityLink as resolved for this
 * run. Sending happens beside the engine, never in its way: a slow or failing target delays nothing,
 * attempts are retried with exponential backoff (network errors, 5xx, 429), and every attempt is
 * recorded in the approval action's log (the target's host only: webhook URLs are secrets).
 *
 * Notifications are sent by the replica that started the approval, once; one lost to a crash in the
 * moment between is not sent again (people still find the approval in the console).
 */
export class ApprovalNotifier {
  private unsubscribe: (() => void) | undefined;
  private readonly stopping = new AbortController();
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly options: ApprovalNotifierOptions) {}

  start(): void {
    this.unsubscribe = this.options.engine.signals.on('approvalRequested', (request) => {
      const sending = this.notify(request)
        .catch((error: unknown) => this.options.logger.error({ err: error, pipeline: request.pipelineName }, 'approval notification failed'))
        .finally(() => this.pending.delete(sending));
      this.pending.add(sending);
    });
  }

  /** Stops listening and gives up retries still waiting; resolves once nothing is being sent. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.stopping.abort();
    await Promise.all([...this.pending]);
  }

  private async notify(request: ApprovalRequest): Promise<void> {
    const state = await this.options.engine.state(request.pipelineName);
    const run = state.executions[request.executionId]?.stages[request.stageName]?.actions[request.actionName];
    if (run === undefined || run.token !== request.token) return;
    const configuration = run.resolvedConfiguration ?? {};
    const arn = configuration.NotificationArn;
    if (arn === undefined) return;
    const log = this.options.logs.open(run.actionExecutionId);
    try {
      let target: NotificationTarget | undefined;
      let consoleUrl = this.options.serverUrl;
      try {
        const settings = await loadNotificationSettings(this.options.dataDir);
        target = settings.targets[arn];
        consoleUrl = settings.consoleUrl ?? consoleUrl;
      } catch (error) {
        log.line('system', `Notification to ${arn} not sent: ${coerceError(error).message}`);
        return;
      }
      if (target === undefined) {
        log.line('system', `Notification to ${arn} not sent: no target for it in notifications.json.`);
        this.options.logger.warn({ pipeline: request.pipelineName, notificationArn: arn }, 'no notification target for an approval');
        return;
      }
      const notice: ApprovalNotice = {
        region: this.options.partition.region,
        pipelineName: request.pipelineName,
        stageName: request.stageName,
        actionName: request.actionName,
        token: request.token,
        expires: request.expires,
        notificationArn: arn,
        consoleUrl: consoleUrl.replace(/\/+$/, ''),
        ...(configuration.ExternalEntityLink !== undefined ? { externalEntityLink: configuration.ExternalEntityLink } : {}),
        ...(configuration.CustomData !== undefined ? { customData: configuration.CustomData } : {}),
      };
      for (const value of Object.values(target.headers)) log.mask(value);
      await this.deliver(target, notice, arn, log);
    } finally {
      await log.close();
    }
  }

  private async deliver(target: NotificationTarget, notice: ApprovalNotice, arn: string, log: ActionLog): Promise<void> {
    const attempts = this.options.attempts ?? 5;
    const host = new URL(target.url).host;
    const what = `Notification to ${arn} (${target.format}, ${host})`;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const request = notificationRequest(notice, target.format, this.options.clock.now());
      let retry: boolean;
      try {
        const response = await fetch(target.url, {
          method: 'POST',
          headers: { ...request.headers, ...target.headers, 'user-agent': 'Pipewright-Notifications' },
          body: request.body,
          signal: AbortSignal.any([this.stopping.signal, AbortSignal.timeout(this.options.requestTimeoutMs ?? 10_000)]),
        });
        await response.body?.cancel();
        if (response.ok) {
          log.line('system', `${what} delivered (HTTP ${response.status}, attempt ${attempt}).`);
          this.options.logger.info({ pipeline: notice.pipelineName, notificationArn: arn, status: response.status }, 'approval notification delivered');
          return;
        }
        retry = response.status >= 500 || response.status === 429;
        log.line('system', `${what}: attempt ${attempt} answered HTTP ${response.status}${retry ? '' : '; not retried'}.`);
      } catch (error) {
        if (this.stopping.signal.aborted) return;
        retry = true;
        log.line('system', `${what}: attempt ${attempt} failed: ${coerceError(error).message}.`);
      }
      if (!retry || attempt === attempts) break;
      const wait = (this.options.retryBaseMs ?? 1000) * 2 ** (attempt - 1);
      if (!(await this.pause(wait))) return;
    }
    log.line('system', `${what} could not be delivered; the approval waits all the same.`);
    this.options.logger.warn({ pipeline: notice.pipelineName, notificationArn: arn }, 'approval notification not delivered');
  }

  /** Waits `ms`, or less if the notifier stops; says whether to go on. */
  private pause(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.stopping.signal.aborted) {
        resolve(false);
        return;
      }
      const timer = setTimeout(() => {
        this.stopping.signal.removeEventListener('abort', onStop);
        resolve(true);
      }, ms);
      const onStop = () => {
        clearTimeout(timer);
        resolve(false);
      };
      this.stopping.signal.addEventListener('abort', onStop, { once: true });
    });
  }
}
