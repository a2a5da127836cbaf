import type { Logger } from 'pino';
import type { Partition } from '../../core/arn.js';
import type { Clock } from '../../core/clock.js';
import type { EventRecord, NotificationRule, Store } from '../../core/contracts/store.js';
import { eventBridgeEvent } from '../../core/events/eventbridge-event.js';
import { matchesPattern } from '../../core/events/event-pattern.js';
import { coerceError } from '../../core/errors/index.js';
import type { EngineSignals } from '../engine-signals.js';
import { postJson } from './post-json.js';
import { targetUrlProblem } from './target-addresses.js';

export interface DeliveryPolicy {
  /** Tries per event before giving up on it (each recorded). */
  attempts: number;
  /** Wait before the second try; it doubles for each further try. */
  firstRetryDelayMs: number;
  /** How long one HTTP call may take. */
  timeoutMs: number;
  /** Whether targets may be loopback, link-local or private addresses (target-addresses.ts). */
  allowPrivateTargets: boolean;
}

export const defaultDeliveryPolicy: DeliveryPolicy = { attempts: 5, firstRetryDelayMs: 1000, timeoutMs: 10_000, allowPrivateTargets: false };

/**
 * Delivers the events that match each notification rule to its HTTP target, as EventBridge-shaped
 * JSON, in order, at least once. Each rule reads the event log from its own durable cursor in a loop of
 * its own, woken when events are appended (no polling): a target that is slow or down delays only its
 * own rule, and a restart resumes after the last event handled. Every attempt is recorded.
 */
export class NotificationDispatcher {
  private readonly loops = new Map<string, RuleLoop>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly deps: { store: Store; partition: Partition; clock: Clock; logger: Logger; policy?: DeliveryPolicy },
  ) {}

  /** Whether this server delivers: always the one server; among replicas, the one leading (replicas.ts). */
  private delivering = false;

  async start(signals: EngineSignals): Promise<void> {
    this.delivering = true;
    this.unsubscribe = signals.on('eventsAppended', () => {
      for (const loop of this.loops.values()) loop.wake();
    });
    await this.sync();
  }

  /** Takes up the rules another replica added, and drops those it removed (the leading replica, now and then). */
  async sync(): Promise<void> {
    const rules = await this.deps.store.listNotificationRules();
    const ids = new Set(rules.map((rule) => rule.id));
    for (const id of this.loops.keys()) if (!ids.has(id)) this.ruleRemoved(id);
    for (const rule of rules) this.ruleAdded(rule);
  }

  /** Why a rule may not send to `url` (an SSRF target) under this dispatcher's policy; undefined when it may. */
  targetProblem(url: string): Promise<string | undefined> {
    return targetUrlProblem(url, (this.deps.policy ?? defaultDeliveryPolicy).allowPrivateTargets);
  }

  ruleAdded(rule: NotificationRule): void {
    // A replica not leading leaves delivery to the one that leads: it takes the rule up at its next sync.
    if (!this.delivering || this.loops.has(rule.id)) return;
    const loop = new RuleLoop(rule, { ...this.deps, policy: this.deps.policy ?? defaultDeliveryPolicy });
    this.loops.set(rule.id, loop);
    loop.run();
  }

  ruleRemoved(id: string): void {
    void this.loops.get(id)?.stop();
    this.loops.delete(id);
  }

  async stop(): Promise<void> {
    this.delivering = false;
    this.unsubscribe?.();
    await Promise.all([...this.loops.values()].map((loop) => loop.stop()));
    this.loops.clear();
  }
}

class RuleLoop {
  private running = true;
  private wakeUp: (() => void) | undefined;
  private pendingWake = false;
  private finished: Promise<void> = Promise.resolve();
  private cursor: number;

  constructor(
    private readonly rule: NotificationRule,
    private readonly deps: { store: Store; partition: Partition; clock: Clock; logger: Logger; policy: DeliveryPolicy },
  ) {
    this.cursor = rule.cursor;
  }

  run(): void {
    this.finished = this.loop().catch((error: unknown) => {
      this.deps.logger.error({ err: error, rule: this.rule.id }, 'notification rule stopped on a fault');
    });
  }

  wake(): void {
    this.pendingWake = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.finished;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      this.pendingWake = false;
      const events = await this.deps.store.listEvents({ afterSequence: this.cursor, limit: 100 });
      for (const event of events) {
        if (!this.running) return;
        await this.handle(event);
        this.cursor = event.sequence;
        await this.deps.store.advanceNotificationCursor(this.rule.id, event.sequence);
      }
      if (events.length === 0 && !this.pendingWake) await this.sleep(undefined);
    }
  }

  private async handle(record: EventRecord): Promise<void> {
    const event = eventBridgeEvent(record, this.deps.partition);
    if (!matchesPattern(this.rule.eventPattern, event)) return;
    const { policy } = this.deps;
    for (let attempt = 1; attempt <= policy.attempts && this.running; attempt += 1) {
      const result = await this.post(event);
      await this.deps.store.recordDelivery({
        ruleId: this.rule.id,
        eventSequence: record.sequence,
        attempt,
        outcome: result.ok ? 'Delivered' : 'Failed',
        at: this.deps.clock.now(),
        ...(result.status !== undefined ? { responseStatus: result.status } : {}),
        ...(result.error !== undefined ? { error: result.error } : {}),
      });
      if (result.ok) return;
      if (attempt < policy.attempts) await this.sleep(policy.firstRetryDelayMs * 2 ** (attempt - 1));
    }
    this.deps.logger.warn({ rule: this.rule.id, event: record.sequence, target: this.rule.target.url }, 'notification given up after its retries');
  }

  private async post(event: unknown): Promise<{ ok: boolean; status?: number; error?: string }> {
    try {
      const { status } = await postJson(this.rule.target.url, {
        headers: { 'content-type': 'application/json', ...this.rule.target.headers },
        body: JSON.stringify(event),
        timeoutMs: this.deps.policy.timeoutMs,
        allowPrivate: this.deps.policy.allowPrivateTargets,
      });
      return status >= 200 && status < 300 ? { ok: true, status } : { ok: false, status, error: `HTTP ${status}` };
    } catch (error) {
      return { ok: false, error: coerceError(error).message };
    }
  }

  /**
   * Waits for a wake-up (new events, stop) or, with a delay, for that long or a stop. A rule stopped
   * already does not wait: stop() wakes only a sleep under way, and one that came while the loop was
   * reading the store (stop between `while (this.running)` and here) would otherwise wait for ever,
   * holding up the server's shutdown (it did: replica-notifications.test.ts, under load).
   */
  private sleep(delayMs: number | undefined): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      if (delayMs !== undefined) timer = setTimeout(done, delayMs);
      // A retry's wait ends early only when the rule stops, not when new events arrive.
      this.wakeUp = delayMs === undefined ? done : () => (this.running ? undefined : done());
    });
  }
}
