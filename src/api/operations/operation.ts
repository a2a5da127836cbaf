import type { Principal } from '../identity.js';
import type { ApiServices } from '../services.js';

/** Everything an operation knows about the call it serves. */
export interface RequestContext {
  requestId: string;
  principal: Principal;
  /** The instant the request arrived (epoch milliseconds); operations never read a clock themselves. */
  now: number;
  services: ApiServices;
  /** The caller's address, for policy conditions read inside an operation (iam:PassRole). */
  sourceIp?: string;
}

/** An operation of the API: its validated input (a wire shape) in, its output shape out. */
export type Operation<Input, Output> = (input: Input, context: RequestContext) => Promise<Output>;
