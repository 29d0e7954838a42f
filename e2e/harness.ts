import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig } from '../apps/server/src/config.js';
import { startServer } from '../apps/server/src/server.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const OUTPUT = path.resolve(import.meta.dirname, '../test-results');
export const DEMO_PASSWORD = 'Yilian2026!';

export interface Harness {
  baseUrl: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  app: FastifyInstance;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Yilian with its demo data on a fresh embedded database, and a headless Chromium with a fresh profile. */
export async function startHarness(viewport = { width: 1280, height: 800 }): Promise<Harness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yilian-e2e-'));
  const config = loadConfig({ YILIAN_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
  const app = await startServer(config);
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'yilian-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    locale: 'zh-CN',
    // Yilian's users are in China: the browser's "today" must be China's, whatever the machine's zone
    // (from 16:00 UTC the two dates differ).
    timezoneId: 'Asia/Shanghai',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  fs.mkdirSync(OUTPUT, { recursive: true });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    browser: context.browser()!,
    context,
    page,
    app,
    async screenshot(name) {
      const file = path.join(OUTPUT, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await context.close();
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function signInThroughForm(h: Harness, username: string, password = DEMO_PASSWORD) {
  await h.page.goto(`${h.baseUrl}/login`);
  await h.page.getByTestId('login-username').fill(username);
  await h.page.getByTestId('login-password').fill(password);
  await h.page.getByTestId('login-submit').click();
}

/**
 * Signs out through the user menu as a person does. The menu opens with an animation, and a popover
 * or toast left from the last step may lie over it: close those first, click the item once the menu
 * is open, and open the menu again if the sign-in form does not come (a click that landed while the
 * menu was still moving).
 */
export async function signOutThroughMenu(h: Harness) {
  const logout = h.page.locator('.ant-dropdown:not(.ant-dropdown-hidden) [data-testid="menu-logout"]');
  const login = h.page.getByTestId('login-username');
  for (let attempt = 1; ; attempt++) {
    await h.page.keyboard.press('Escape');
    await h.page.getByTestId('user-menu').click();
    await logout.waitFor();
    await logout.click();
    try {
      await login.waitFor({ timeout: 10_000 });
      return;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}
