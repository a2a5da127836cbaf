import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { CreateAccessKeyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConsoleDir } from '../../../src/api/http/console-routes.js';
import { sourceAndBuild } from '../../kit/declarations.js';
import { startIamTestServer, type IamTestServer } from './iam-test-server.js';

const timeout = 30_000;

/**
 * The console against a server in iam mode, in a real browser (Debian's Chromium): without a session
 * it goes to the sign-in page, and signing in with an access key (or a one-time link) shows the pipelines.
 */
describe('console sign-in in a browser (--auth iam)', { timeout: 120_000 }, () => {
  let server: IamTestServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(join(defaultConsoleDir, 'index.html'))) {
      execFileSync('npm', ['run', '--silent', 'build:web'], { cwd: join(import.meta.dirname, '..', '..', '..'), stdio: 'ignore' });
    }
    server = await startIamTestServer();
    await server.codePipeline(server.root).send(new CreatePipelineCommand({ pipeline: sourceAndBuild('visible') }));
    browser = await chromium.launch({
      executablePath: execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim(),
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser.close();
    await server.close();
  });

  it('sends a visitor without a session to sign in, and back to the pipelines once signed in with an access key', async () => {
    const iam = server.iam(server.root);
    await iam.send(new CreateUserCommand({ UserName: 'viewer' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'viewer' }))).AccessKey!;
    const { AttachUserPolicyCommand } = await import('@aws-sdk/client-iam');
    await iam.send(new AttachUserPolicyCommand({ UserName: 'viewer', PolicyArn: 'arn:aws:iam::aws:policy/AWSCodePipeline_ReadOnlyAccess' }));

    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/sign-in\?next=%2F$/, { timeout });
    await page.getByLabel('Access key id').fill(key.AccessKeyId!);
    await page.getByLabel('Secret access key').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout }).toMatch(/not right/);
    await page.getByLabel('Secret access key').fill(key.SecretAccessKey!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/`, { timeout });
    await expect.poll(() => page.getByText('visible').count(), { timeout }).toBeGreaterThan(0);
    // The session cookie is out of the page's reach.
    expect(await page.evaluate(() => document.cookie)).toBe('');
  });

  it('signs in with a one-time link and takes the token out of the address bar', async () => {
    const { signedHeaders } = await import('../../../src/client/signed-fetch.js');
    const url = `${server.url}/api/session/links`;
    const headers = await signedHeaders(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }, server.root, { region: 'us-east-1' });
    const { linkToken } = (await (await fetch(url, { method: 'POST', headers, body: '{}' })).json()) as { linkToken: string };
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/sign-in#link=${linkToken}`);
    await page.waitForURL(`${server.url}/`, { timeout });
    await expect.poll(() => page.getByText('visible').count(), { timeout }).toBeGreaterThan(0);
  });
});
