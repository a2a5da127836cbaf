import { ServerRefusedError } from './client-errors.js';

/** A server's error response as ServerRefusedError: CodePipeline's `{"__type", "message"}`, else the status and text. */
export async function refusal(response: Response): Promise<ServerRefusedError> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { __type?: unknown; message?: unknown; Message?: unknown };
    if (typeof body.__type === 'string') {
      const message = typeof body.message === 'string' ? body.message : typeof body.Message === 'string' ? body.Message : '';
      return new ServerRefusedError(body.__type.replace(/^.*#/, '').replace(/:.*$/, ''), message, response.status);
    }
  } catch {
    // Not one of ours: reported below with the status it came with.
  }
  return new ServerRefusedError(`HTTP${response.status}`, text.slice(0, 500) || response.statusText, response.status);
}
