import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { defaultConsoleDir } from '../../src/api/http/console-routes.js';

/** Screenshots of the console's browser tests: looked at by eye, not compared. PIPEWRIGHT_SCREENS moves them. */
export const screensDir = process.env.PIPEWRIGHT_SCREENS ?? join(import.meta.dirname, '..', '..', 'test-output', 'screenshots');

/** Debian's Chromium through playwright-core, headless; the console is built first when it is not. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(join(defaultConsoleDir, 'index.html'))) {
    execFileSync('npm', ['run', '--silent', 'build:web'], { cwd: join(import.meta.dirname, '..', '..'), stdio: 'ignore' });
  }
  mkdirSync(screensDir, { recursive: true });
  return chromium.launch({
    executablePath: execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export function shoot(page: Page, name: string): Promise<Buffer> {
  return page.screenshot({ path: join(screensDir, `${name}.png`), fullPage: true });
}

/** How wide the page's content is: more than the viewport means the page scrolls sideways. */
export function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));
}
