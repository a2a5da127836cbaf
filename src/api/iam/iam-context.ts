import type { Principal } from '../../core/identity/principal.js';
import type { ApiServices } from '../services.js';
import type { XmlObject } from './query-xml.js';

/** What an IAM or STS action gets: its parameters, the caller, the time and the services. */
export interface QueryCall {
  params: URLSearchParams;
  principal: Principal;
  now: number;
  requestId: string;
  sourceIp: string;
  services: ApiServices;
}

/**
 * An action of a query service: `resource` names what it is authorized on (computed before it runs),
 * `run` does it and returns the `<ActionResult>` content (undefined for actions answering only metadata).
 */
export interface QueryAction {
  resource(call: QueryCall): Promise<string> | string;
  run(call: QueryCall): Promise<XmlObject | undefined>;
  /** True for actions that change nothing (Get*, List*): not audited, and caches stay. */
  read?: boolean;
  /** True for actions that decide themselves whether the caller may (AssumeRole, GetCallerIdentity). */
  authorizesItself?: boolean;
}
