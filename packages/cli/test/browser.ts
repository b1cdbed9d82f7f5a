/**
 * Headless Chromium for tests: Debian's /usr/bin/chromium driven by playwright-core
 * (docs/browser.md). When the binary is missing it is installed from apt
 * (these machines run as root); the launch uses a fresh, empty user-data-dir and the flags that
 * keep Chromium from reaching outside hosts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal}):\n${(r.stderr || r.stdout || '').slice(-2000)}`);
  }
}

/** Returns the path of Debian's Chromium, installing it with apt-get when it is missing. */
export function ensureChromium(): string {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(`${CHROMIUM} is missing and this process is not root: run \`apt-get install -y chromium\``);
  }
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', 'chromium']);
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} is still missing`);
  return CHROMIUM;
}

export interface TestBrowser {
  readonly context: BrowserContext;
  /** Closes the browser and removes its user-data-dir. */
  close(): Promise<void>;
}

/** Launches headless Chromium with a fresh user-data-dir (a persistent context is how playwright passes one). */
export async function launchBrowser(): Promise<TestBrowser> {
  const executablePath = ensureChromium();
  const userDataDir = mkdtempSync(join(tmpdir(), 'dome-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: FLAGS,
      viewport: { width: 1280, height: 900 },
    });
    return {
      context,
      async close() {
        await context.close();
        rmSync(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw e;
  }
}

/** Opens a file in a new page, recording every request and every console error or warning, page error and failed request. */
export async function openWatched(browser: TestBrowser, path: string) {
  const page = await browser.context.newPage();
  const requests: string[] = [];
  const problems: string[] = [];
  await page.route('**/*', (route) => {
    requests.push(route.request().url());
    return /^(file|data|blob):/.test(route.request().url()) ? route.continue() : route.abort();
  });
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()}`));
  await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
  return { page, requests, problems };
}
