import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import type { Store } from '../../src/core/contracts/store.js';
import { EngineSignals } from '../../src/engine/engine-signals.js';
import { NotificationDispatcher } from '../../src/engine/event-delivery/notification-dispatcher.js';
import { storeDialects } from '../../src/store/test-kit/store-dialects.js';

/**
 * A notification rule stopped while its loop reads the event log ends with that read. It once went on
 * to wait for new events that nobody would announce any more (the server's shutdown had unsubscribed),
 * so `stop()` never returned and a server's close hung on its "notifications" step (seen as the
 * replica-notifications test's cleanup timing out under load).
 */
describe('stopping notification delivery', () => {
  it('returns when the stop comes while a rule reads the event log', async () => {
    const opened = await storeDialects()[0]!.open();
    const store = opened.store;
    try {
      await store.createNotificationRule({ id: 'rule-1', name: 'all', eventPattern: {}, target: { url: 'http://127.0.0.1:9/hook' }, created: Date.now(), cursor: 0 });
      // The real store, with its event-log read held until the test lets it go.
      let reading: (() => void) | undefined;
      const readStarted = new Promise<void>((started) => {
        reading = started;
      });
      let release: (() => void) | undefined;
      const held: Store = new Proxy(store, {
        get(target, name, receiver) {
          if (name !== 'listEvents') return Reflect.get(target, name, receiver) as unknown;
          return async (...args: Parameters<Store['listEvents']>) => {
            reading?.();
            await new Promise<void>((resume) => (release = resume));
            return target.listEvents(...args);
          };
        },
      });
      const dispatcher = new NotificationDispatcher({ store: held, partition: { region: 'us-east-1', accountId: '123456789012' }, clock: systemClock, logger: pino({ level: 'silent' }) });
      await dispatcher.start(new EngineSignals());
      await readStarted;
      const stopped = dispatcher.stop().then(() => 'stopped' as const);
      release?.();
      // Without the fix this waits for ever: a generous bound turns a hang into a failure, not a timing.
      const outcome = await Promise.race([stopped, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 10_000).unref())]);
      expect(outcome).toBe('stopped');
    } finally {
      await opened.dispose();
    }
  });
});
