// What every browser walk of the panel shares (playwright-core driving Debian's Chromium,
// docs/stack.md): the components bundle built, a free port, Chromium, and pages held to what staff
// should see (issue: the panel as a product) — no raw key on screen, nothing wider than a 1280 px
// window, no console error, no failed request and no request to any host but the panel's. Each
// real click on a walked page is counted, so a walk can say how many clicks a task took.
// Screenshots go to test-results/ (git-ignored).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { componentsBundleFile } from '../../plugin/package-root.ts';

export const SHOTS = 'test-results';
export const VIEWPORT = { width: 1280, height: 900 };

/** The panel serves components bundled at build time: (re)build them when missing or older than their sources. */
export function buildPanelBundle(): void {
  const built = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts', '--panel'], { stdio: 'inherit' });
  assert.equal(built.status, 0, 'bundling the panel components');
  assert.ok(existsSync(componentsBundleFile));
  mkdirSync(SHOTS, { recursive: true });
}

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * How long a browser step may wait for the page (a locator, a navigation, a response). CI runs on
 * machines that may be busy, where AdminJS's bundle can take many seconds to parse: a wait that
 * fails there says nothing about the panel. The tests assert what the page shows, never how fast.
 */
export const PAGE_WAIT_MS = 120_000;

/** A new browser context whose steps wait as long as PAGE_WAIT_MS. */
export async function newPatientContext(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}) {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(PAGE_WAIT_MS);
  context.setDefaultNavigationTimeout(PAGE_WAIT_MS);
  return context;
}

export function launchChromium(): Promise<Browser> {
  const executablePath = execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** What on a page reads as an internal name rather than words: camelCase identifiers, permission keys, template holes, rule ids. */
export function rawKeysIn(text: string, permissionKeys: readonly string[]): string[] {
  // Addresses and links are the data staff work with, not keys.
  const words = text.replace(/\S+@\S+/g, ' ').replace(/https?:\/\/\S+/g, ' ');
  const hits = [...(words.match(/\b[a-z]+[A-Z][A-Za-z]*\b/g) ?? []), ...(words.match(/\{\{|\bR-[A-Z]+-\d+\b/g) ?? [])];
  for (const key of permissionKeys) if (new RegExp(`(^|[^\\w.])${key.replace(/\./g, '\\.')}($|[^\\w.])`).test(words)) hits.push(key);
  return hits;
}

export interface WalkFindings {
  readonly foreign: string[];
  readonly failed: string[];
  readonly consoleErrors: string[];
  readonly rawKeys: string[];
}

/** One walk: its pages, what they showed, and the clicks each task took. */
export class PanelWalk {
  readonly seen: WalkFindings = { foreign: [], failed: [], consoleErrors: [], rawKeys: [] };
  #clicks = 0;

  constructor(
    private readonly browser: Browser,
    readonly base: string,
    private readonly permissionKeys: readonly string[],
    /** The screenshots' prefix: `panel-` names test-results/panel-<name>.png. */
    private readonly prefix = 'panel-',
  ) {}

  /** A page in a new browser context (its own cookies), watched for foreign or failed requests and console errors, its clicks counted. */
  async page(): Promise<Page> {
    const page = await (await newPatientContext(this.browser, { viewport: VIEWPORT })).newPage();
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== this.base) this.seen.foreign.push(request.url());
    });
    page.on('requestfailed', (request) => {
      const error = request.failure()?.errorText ?? '';
      // A request still in flight when the walk moves to the next page is cancelled by the browser:
      // that says when the walk moved on, not that the panel failed (on a busy machine it happens).
      if (error !== 'net::ERR_ABORTED') this.seen.failed.push(`${request.method()} ${request.url()}: ${error}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400) this.seen.failed.push(`${response.request().method()} ${response.url()}: ${response.status()}`);
    });
    page.on('console', (message) => {
      if (message.type() === 'error') this.seen.consoleErrors.push(`${message.text()} (${message.location().url || page.url()})`);
    });
    page.on('pageerror', (error) => this.seen.consoleErrors.push(error.message));
    // Every click the page receives, counted where it lands (a click that navigates is counted
    // before the page goes): what a person would have to do, whatever the walk's code looks like.
    await page.exposeFunction('__gatehouseCountClick', () => {
      this.#clicks += 1;
    });
    await page.addInitScript(() => {
      document.addEventListener('click', () => void (window as unknown as { __gatehouseCountClick: () => Promise<void> }).__gatehouseCountClick(), { capture: true });
    });
    return page;
  }

  /** Clicks since the walk began (on every page it opened). */
  get clicks(): number {
    return this.#clicks;
  }

  /** Runs a task and answers the clicks it took. */
  async clicksFor(task: () => Promise<void>): Promise<number> {
    const before = this.#clicks;
    await task();
    return this.#clicks - before;
  }

  /** Saves a screenshot and checks what the page shows: words, not keys, within the window. */
  async shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: `${SHOTS}/${this.prefix}${name}.png`, fullPage: true });
    // Each visible text node on its own: innerText would glue adjacent buttons into one word.
    const text = await page.evaluate(() => {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const parts: string[] = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (parent && !['SCRIPT', 'STYLE'].includes(parent.tagName) && parent.checkVisibility()) parts.push(node.textContent ?? '');
      }
      return parts.join('\n');
    });
    for (const hit of rawKeysIn(text, this.permissionKeys)) this.seen.rawKeys.push(`${name}: ${hit}`);
    // A heading, a column title or a field label that starts in lower case is a key shown as is ("user",
    // "report"); an address is data, not a key.
    const headings = await page.locator('h1, h2, h3, h4, h5, h6, th, label').evaluateAll((elements) => elements.map((element) => (element as HTMLElement).innerText.trim()).filter((words) => /^[a-z]/.test(words) && !/^\S+@\S+$/.test(words)));
    for (const heading of headings) this.seen.rawKeys.push(`${name}: heading "${heading}"`);
    const width = await page.evaluate(() => document.scrollingElement?.scrollWidth ?? 0);
    assert.ok(width <= VIEWPORT.width, `${name}: the page is ${width} px wide in a ${VIEWPORT.width} px window`);
    // A table wider than its card scrolls inside it: the page stays 1280 px, but columns are cut off.
    const tableRight = await page.evaluate(() => Math.max(0, ...Array.from(document.querySelectorAll('table')).map((table) => table.getBoundingClientRect().right)));
    assert.ok(tableRight <= VIEWPORT.width, `${name}: a table ends at ${Math.round(tableRight)} px in a ${VIEWPORT.width} px window`);
  }

  /** Fails on anything the walked pages showed or did that staff should not meet. */
  assertClean(): void {
    assert.deepEqual(this.seen.rawKeys, [], 'raw keys on screen');
    assert.deepEqual(this.seen.foreign, [], 'requests to other hosts');
    assert.deepEqual(this.seen.failed, [], 'failed requests');
    assert.deepEqual(this.seen.consoleErrors, [], 'console errors');
  }
}
