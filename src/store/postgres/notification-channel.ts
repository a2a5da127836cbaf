import pg from 'pg';

export interface NotificationChannel {
  publish(message: string): Promise<void>;
  onMessage(listener: (message: string) => void): void;
  /** Called after the connection was lost and made again: notifications sent meanwhile were missed. */
  onReconnected(listener: () => void): void;
  /** The session this channel holds, for locks that must end when the process does (replica-lock.ts). */
  query(text: string, values?: unknown[]): Promise<pg.QueryResult>;
  close(): Promise<void>;
}

const reconnectDelayMs = 1000;

/**
 * One connection of its own that LISTENs on the database schema's channel and sends NOTIFYs on it. The
 * channel's name is derived from the schema, so stores in other schemas of the same database (tests,
 * other installations) never hear each other. A lost connection is made again; what was missed
 * meanwhile is the listener's to catch up (onReconnected).
 */
export async function openNotificationChannel(location: { url: string; schema?: string }, onError: (error: unknown) => void): Promise<NotificationChannel> {
  const listeners: ((message: string) => void)[] = [];
  const reconnected: (() => void)[] = [];
  let closed = false;
  let channel = '';

  const connect = async (): Promise<pg.Client> => {
    const client = new pg.Client({
      connectionString: location.url,
      ...(location.schema !== undefined ? { options: `-c search_path="${location.schema.replaceAll('"', '""')}"` } : {}),
    });
    await client.connect();
    const named = await client.query<{ channel: string }>(`SELECT 'pipewright_' || substr(md5(current_schema()), 1, 20) AS channel`);
    channel = named.rows[0]!.channel;
    await client.query(`LISTEN "${channel}"`);
    client.on('notification', (notification) => {
      if (notification.channel !== channel || notification.payload === undefined) return;
      for (const listener of listeners) listener(notification.payload);
    });
    client.on('error', (error) => {
      onError(error);
      void reconnect();
    });
    return client;
  };

  let client = await connect();
  let reconnecting = false;
  const reconnect = async (): Promise<void> => {
    if (closed || reconnecting) return;
    reconnecting = true;
    void client.end().catch(() => undefined);
    while (!closed) {
      await new Promise((resolve) => setTimeout(resolve, reconnectDelayMs));
      try {
        client = await connect();
        for (const listener of reconnected) listener();
        break;
      } catch (error) {
        onError(error);
      }
    }
    reconnecting = false;
  };

  // One query at a time on the connection (pg queues them, but warns that it will stop doing so).
  let last: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const next = last.then(work, work);
    last = next.catch(() => undefined);
    return next;
  };

  return {
    publish: async (message) => {
      await inTurn(() => client.query('SELECT pg_notify($1, $2)', [channel, message]));
    },
    onMessage: (listener) => listeners.push(listener),
    onReconnected: (listener) => reconnected.push(listener),
    query: (text, values) => inTurn(() => client.query(text, values)),
    close: async () => {
      closed = true;
      await client.end();
    },
  };
}
