import { PipewrightError } from '../../../core/errors/index.js';

/**
 * How many event streams may be open at once. Each open stream holds a socket and, while it replays,
 * reads the event log: past the cap a new stream is refused with AWS's ThrottlingException (its
 * EventSource stops; a client retries later) instead of every reader and the API slowing together.
 */
export class EventStreamCap {
  private open = 0;

  constructor(private readonly max: number) {}

  /** Takes a place, or throws ThrottlingException; call the returned function when the stream ends. */
  take(): () => void {
    if (this.open >= this.max) {
      throw new PipewrightError(
        'ThrottlingException',
        `Too many event streams are open (${this.max}, PIPEWRIGHT_MAX_EVENT_STREAMS); close one or try again later.`,
      );
    }
    this.open += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.open -= 1;
    };
  }
}
