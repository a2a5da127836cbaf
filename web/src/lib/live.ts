import { useCallback, useEffect, useRef, useState } from 'react';

/** A state change from `/api/events` (EventBridge-shaped). */
export interface StateChangeEvent {
  'detail-type': string;
  time: string;
  detail: { pipeline: string; 'execution-id': string; state: string; stage?: string; action?: string };
}

const detailTypes = ['CodePipeline Pipeline Execution State Change', 'CodePipeline Stage Execution State Change', 'CodePipeline Action Execution State Change'];

/**
 * Listens to the server's event stream (one pipeline's, or every pipeline's when `pipeline` is
 * undefined; none when null). EventSource reconnects by itself and resumes after the last event id;
 * `onOpen` runs at every (re)connection.
 */
export function useEvents(pipeline: string | null | undefined, onEvent: (event: StateChangeEvent) => void, onOpen?: () => void): boolean {
  const handler = useRef(onEvent);
  const opened = useRef(onOpen);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    handler.current = onEvent;
    opened.current = onOpen;
  });
  useEffect(() => {
    if (pipeline === null) return undefined;
    const source = new EventSource(pipeline === undefined ? '/api/events' : `/api/events?pipeline=${encodeURIComponent(pipeline)}`);
    const listener = (message: MessageEvent<string>): void => handler.current(JSON.parse(message.data) as StateChangeEvent);
    for (const type of detailTypes) source.addEventListener(type, listener);
    source.onopen = () => {
      setConnected(true);
      opened.current?.();
    };
    source.onerror = () => setConnected(source.readyState === EventSource.OPEN);
    return () => {
      source.close();
      setConnected(false);
    };
  }, [pipeline]);
  return connected;
}

export interface LiveData<T> {
  data: T | undefined;
  error: Error | undefined;
  /** Loads again now (after an action of the user). */
  reload: () => void;
  /** True while the event stream is connected: the page is live. */
  live: boolean;
}

/**
 * Data that follows the pipeline: loaded once, then loaded again whenever the pipeline's events say
 * something changed. Reloads are coalesced (one in flight, at most one more after it), and the
 * previous data stays on screen until the new data is there, so live updates never flash.
 */
export function useLiveData<T>(load: () => Promise<T>, key: string, pipeline: string | null | undefined, relevant?: (event: StateChangeEvent) => boolean): LiveData<T> {
  const [data, setData] = useState<{ key: string; value: T } | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const loader = useRef(load);
  const inFlight = useRef(false);
  const again = useRef(false);
  const currentKey = useRef(key);
  useEffect(() => {
    loader.current = load;
    currentKey.current = key;
  });

  const run = useCallback(() => {
    // A named inner function, so that a load can ask for the next one without reading `run` itself.
    const attempt = (): void => {
      if (inFlight.current) {
        again.current = true;
        return;
      }
      inFlight.current = true;
      const forKey = currentKey.current;
      loader
        .current()
        .then((value) => {
          if (forKey !== currentKey.current) return;
          setData({ key: forKey, value });
          setError(undefined);
        })
        .catch((caught: unknown) => {
          if (forKey === currentKey.current) setError(caught instanceof Error ? caught : new Error(String(caught)));
        })
        .finally(() => {
          inFlight.current = false;
          if (again.current || forKey !== currentKey.current) {
            again.current = false;
            attempt();
          }
        });
    };
    attempt();
  }, []);

  useEffect(() => {
    run();
  }, [key, run]);

  // A stream without a cursor starts at the newest event: what changed between the first load and the
  // stream's opening would be missed, so the data is loaded again once the stream is open.
  const live = useEvents(
    pipeline,
    (event) => {
      if (relevant === undefined || relevant(event)) run();
    },
    run,
  );

  // Coming back to a tab that was hidden: whatever changed meanwhile shows at once.
  useEffect(() => {
    const onVisible = (): void => {
      if (document.visibilityState === 'visible') run();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [run]);

  return { data: data?.key === key ? data.value : undefined, error, reload: run, live };
}

/** The current time in epoch seconds, ticking every `intervalMs` (for ages and running durations). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now() / 1000);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now() / 1000), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
