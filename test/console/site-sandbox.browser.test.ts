import { execFileSync } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../kit/test-server.js';

/**
 * A deployed site (`/sites/…`, what an S3 deploy published public-read) is served from the API's own
 * host and port. Its scripts must not act as the console: in a real browser (Debian's Chromium through
 * playwright-core), a site's script tries to read an `/api` answer, call the JSON API, send a write the
 * way a form would, and read the console's cookie and storage. Each attempt must fail, the write must
 * change nothing, and the console's session cookie must not travel with the site's requests.
 */
const attack = `<!doctype html><meta charset="utf-8"><title>site</title><body><script>
(async () => {
  const results = {};
  const attempt = async (name, run) => { try { results[name] = 'succeeded: ' + (await run()); } catch (error) { results[name] = 'blocked: ' + error.name; } };
  await attempt('readApi', async () => { const answer = await fetch('/api/notification-rules'); return answer.status + ' ' + (await answer.text()); });
  await attempt('callApi', async () => {
    const answer = await fetch('/', { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'CodePipeline_20150709.ListPipelines' }, body: '{}' });
    return answer.status + ' ' + (await answer.text());
  });
  await attempt('blindWrite', async () => {
    const answer = await fetch('/api/repos', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ name: 'planted-by-site' }) });
    return 'sent (' + answer.type + ')';
  });
  await attempt('cookie', async () => document.cookie);
  await attempt('storage', async () => String(localStorage.getItem('pipewright.user')));
  document.body.dataset.results = JSON.stringify(results);
})();
</script>`;

describe('deployed sites in a browser', { timeout: 60_000 }, () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer();
    await server.objects.putObject({ bucket: 'www', key: 'index.html', body: attack, metadata: { 'x-amz-acl': 'public-read' } });
    browser = await chromium.launch({
      executablePath: execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim(),
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('cannot read the API, call it, write through it, or reach the console’s cookie and storage', async () => {
    const context = await browser.newContext();
    // The console's session (the identity side sets one at sign-in): HttpOnly, SameSite=Strict, on the same host.
    await context.addCookies([{ name: 'pipewright-session', value: 'console-session-secret', url: server.url, httpOnly: true, sameSite: 'Strict' }]);
    const page = await context.newPage();
    const cookiesSent: string[] = [];
    page.on('request', (request) => {
      void request.allHeaders().then((headers) => {
        if (headers.cookie !== undefined && !request.url().includes('/sites/')) cookiesSent.push(`${request.url()}: ${headers.cookie}`);
      });
    });
    const answer = await page.goto(`${server.url}/sites/www/`);
    expect(answer?.headers()['content-security-policy']).toMatch(/^sandbox /);
    expect(answer?.headers()['content-security-policy']).not.toContain('allow-same-origin');
    await page.waitForSelector('body[data-results]', { state: 'attached' });
    const results = JSON.parse((await page.getAttribute('body', 'data-results')) ?? '{}') as Record<string, string>;

    expect(results.readApi).toBe('blocked: TypeError');
    expect(results.callApi).toBe('blocked: TypeError');
    expect(results.cookie).toBe('blocked: SecurityError');
    expect(results.storage).toBe('blocked: SecurityError');
    // A no-cors write is sent blind; the server refuses it (Origin: null, text/plain) and nothing is created.
    const repositories = (await (await fetch(`${server.url}/api/repos`)).json()) as { repositories: { name: string }[] };
    expect(repositories.repositories.map((repository) => repository.name)).not.toContain('planted-by-site');
    expect(cookiesSent).toEqual([]);
    await context.close();
  });
});
