import { ServerRefusedError } from './client-errors.js';

/** A server's error response as ServerRefusedError: CodePipeline's `{"__type", "message"}`, else the status and text. */
export async function refusal(response: Response): Promise<ServerRefusedError> {
  return refusalOf(response.status, await response.text(), response.statusText);
}

/** refusal for a response already read (a call made without fetch). */
export function refusalOf(status: number, text: string, statusText = ''): ServerRefusedError {
  try {
    const body = JSON.parse(text) as { __type?: unknown; message?: unknown; Message?: unknown };
    if (typeof body.__type === 'string') {
      const message = typeof body.message === 'string' ? body.message : typeof body.Message === 'string' ? body.Message : '';
      return new ServerRefusedError(body.__type.replace(/^.*#/, '').replace(/:.*$/, ''), message, status);
    }
  } catch {
    // Not one of ours: reported below with the status it came with.
  }
  return new ServerRefusedError(`HTTP${status}`, text.slice(0, 500) || statusText, status);
}
