/**
 * The HTML report in a real browser (Debian's Chromium through playwright-core): the sample report's
 * sections render, a failing case opens to its violations and curl, the filters change what is shown,
 * and a 5,000-case report loads and filters within budget — with no network request and no console error.
 * Skipped only when /usr/bin/chromium is missing (.ci/run installs it).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleReport } from '../reports/fixtures.ts';
import { SEED_COLUMNS, SEED_PROVIDERS } from '../reports/html-matrix.ts';
import type { CapabilityClaim, CaseResult, CheckInfo, Report } from '../reports/model.ts';
import { summarize } from '../reports/summary.ts';
import { writeReport } from '../reports/write.ts';

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) console.warn(`report-browser.test.ts skipped: ${CHROMIUM} is missing (install Debian's chromium; .ci/run does)`);

const SCREENSHOT = path.resolve('reports/out/report-browser.png');
const LOAD_BUDGET_MS = 3000;
const FILTER_BUDGET_MS = 300;

/** Capability cases on the sample's chat checks, so the capability matrix and provider filter have data. */
function withCapabilities(report: Report): Report {
  const claims: Record<string, Record<string, CapabilityClaim>> = {};
  for (const p of SEED_PROVIDERS) {
    claims[p.id] = Object.fromEntries(SEED_COLUMNS.map((c) => [c.id, { state: 'supported', source: 'https://docs.example.test' } as CapabilityClaim]));
  }
  report.claims = claims;
  const check: CheckInfo = { id: 'capability.stream', title: 'Stream', requirement: 'Streaming works through the gateway.', level: 'MUST', suite: 'capabilities', endpoint: 'POST /chat/completions' };
  report.checks.push(check);
  const cap = (provider: string, outcome: CaseResult['outcome'], message?: string): CaseResult => ({
    id: `capability.stream@reference#${provider}`, checkId: check.id, targetId: 'reference', scenario: provider, outcome, durationMs: 4,
    violations: [], evidence: { exchanges: [] }, provider, capability: 'stream', ...(message ? { message } : {}),
  });
  report.cases.push(cap('openai', 'pass'), cap('anthropic', 'pass'), cap('xai', 'fail', 'first event is not a chat.completion.chunk'));
  report.summary = summarize(report.cases);
  return report;
}

/** A report of `total` cases in the sample's shape: its checks × 25 variants, its cases repeated with new scenarios. */
function largeReport(total: number): Report {
  const report = sampleReport();
  const base = report.cases;
  const variants = 25;
  report.checks = report.checks.flatMap((c) => Array.from({ length: variants }, (_, v) => ({ ...c, id: `${c.id}.v${v}` })));
  const cases: CaseResult[] = [];
  for (let i = 0; cases.length < total; i++) {
    for (const c of base) {
      if (cases.length >= total) break;
      const checkId = `${c.checkId}.v${i % variants}`;
      const scenario = `${c.scenario} #${i}`;
      const n = cases.length;
      const capability = n % 4 === 0 ? { provider: SEED_PROVIDERS[n % SEED_PROVIDERS.length]!.id, capability: SEED_COLUMNS[(n >> 2) % SEED_COLUMNS.length]!.id } : {};
      cases.push({ ...structuredClone(c), id: `${checkId}@${c.targetId}#${scenario}`, checkId, scenario, ...capability });
    }
  }
  report.cases = cases;
  report.summary = summarize(cases);
  return report;
}

interface Watch { blocked: string[]; errors: string[] }

describe.skipIf(!HAVE_CHROMIUM)('HTML report in Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let root = '';
  const watch: Watch = { blocked: [], errors: [] };

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'touchstone-browser-'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    context = await browser.newContext({ offline: true, viewport: { width: 1280, height: 900 } });
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      watch.blocked.push(url);
      return route.abort();
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  async function write(report: Report, name: string): Promise<{ url: string; bytes: number }> {
    const { html } = await writeReport(report, path.join(root, name));
    return { url: pathToFileURL(html).href, bytes: (await stat(html)).size };
  }

  async function visit(url: string, name: string): Promise<Page> {
    const page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') watch.errors.push(`${name}: ${m.text()}`); });
    page.on('pageerror', (error) => watch.errors.push(`${name}: ${error.message}`));
    await page.goto(url, { waitUntil: 'load' });
    return page;
  }

  const visibleCases = (page: Page) => page.locator('details.case:visible').count();
  const countText = (page: Page) => page.locator('#filter-count').textContent();

  it('renders the sample report: sections, a failing case with violations and curl, filters, reset', async () => {
    const report = withCapabilities(sampleReport());
    const total = report.cases.length;
    const page = await visit((await write(report, 'sample')).url, 'sample');

    await expect(page.locator('#apis tbody tr').count()).resolves.toBe(14);
    await expect(page.locator('#capabilities tbody tr').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('#matrix tbody tr[data-outcomes]').count()).resolves.toBe(report.checks.length);
    expect(await page.locator('#apis tbody tr', { hasText: 'Chat Completions' }).textContent()).toMatch(/fail[\s\S]*not measured/);
    expect(await countText(page)).toBe(`${total} of ${total} cases shown`);

    // A failing case, opened from its matrix link: its violation pointer and curl are visible.
    const failing = report.cases.find((c) => c.outcome === 'fail' && c.checkId === 'chat.stream.role-first')!;
    await page.locator(`#matrix a[href="#${encodeURIComponent(failing.id)}"]`).click();
    const details = page.locator(`details[id="${failing.id}"]`);
    await expect.poll(() => details.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(true);
    await expect(details.locator('table.violations code', { hasText: '/choices/0/delta/role' }).isVisible()).resolves.toBe(true);
    await expect(details.locator('pre.curl', { hasText: 'curl -sS' }).isVisible()).resolves.toBe(true);
    await expect(details.locator('button.copy').count()).resolves.toBe(1);

    // Text filter (debounced), then one outcome only.
    const needle = 'role-first';
    const byText = report.cases.filter((c) => c.checkId.includes(needle)).length;
    await page.locator('#filter-text').fill(needle);
    await expect.poll(() => countText(page)).toBe(`${byText} of ${total} cases shown`);
    expect(await visibleCases(page)).toBe(byText);
    for (const box of await page.locator('#filters input[data-outcome]').all()) {
      if ((await box.getAttribute('data-outcome')) !== 'fail') await box.uncheck();
    }
    const failingByText = report.cases.filter((c) => c.checkId.includes(needle) && c.outcome === 'fail').length;
    expect(await countText(page)).toBe(`${failingByText} of ${total} cases shown`);
    expect(await visibleCases(page)).toBe(failingByText);
    expect(await page.locator('#matrix tbody tr[data-outcomes]:visible').count()).toBe(1);

    // Provider and endpoint selects.
    await page.locator('#filter-reset').click();
    await page.locator('#filter-provider').selectOption('anthropic');
    expect(await countText(page)).toBe(`1 of ${total} cases shown`);
    await page.locator('#filter-reset').click();
    expect(await countText(page)).toBe(`${total} of ${total} cases shown`);
    expect(await visibleCases(page)).toBe(total);

    // The Supported APIs table links to its API's cases, filtered.
    await page.locator('#apis a[data-filter-endpoint]', { hasText: 'cases' }).filter({ has: page.locator('xpath=ancestor::tr[th[text()="Embeddings"]]') }).click();
    const embeddings = report.cases.filter((c) => c.checkId.startsWith('embeddings.')).length;
    expect(await countText(page)).toBe(`${embeddings} of ${total} cases shown`);
    await page.locator('#filter-reset').click();

    await mkdir(path.dirname(SCREENSHOT), { recursive: true });
    // The whole page inside one tall viewport: off-screen cases (content-visibility: auto) paint too.
    await page.setViewportSize({ width: 1280, height: await page.evaluate(() => document.documentElement.scrollHeight) });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: SCREENSHOT });
    await page.close();
    expect(watch.blocked).toEqual([]);
    expect(watch.errors).toEqual([]);
  });

  it('loads a 5,000-case report and filters it within budget', async () => {
    // Timings on a shared 2-core machine are noisy (other test files run in parallel): each figure is the
    // best of up to three tries, stopping at the first one within budget; every try is printed.
    const report = largeReport(5000);
    const { url, bytes } = await write(report, 'large');
    const loads: { parsed: number; load: number }[] = [];
    let page: Page | undefined;
    for (let attempt = 0; attempt < 3 && !loads.some((l) => l.load < LOAD_BUDGET_MS); attempt++) {
      await page?.close();
      page = await visit(url, 'large');
      loads.push(await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return { parsed: nav.domInteractive, load: nav.loadEventEnd };
      }));
    }
    expect(await countText(page!)).toBe('5000 of 5000 cases shown');

    // One keystroke's worth of filter text → the count text (written after every case and row is toggled)
    // changes, then a forced layout; the 60 ms debounce is included.
    const keystroke = (needle: string) => page!.evaluate(async (value) => {
      const input = document.getElementById('filter-text') as HTMLInputElement;
      const count = document.getElementById('filter-count')!;
      const changed = new Promise<void>((resolve) => {
        const observer = new MutationObserver(() => { observer.disconnect(); resolve(); });
        observer.observe(count, { childList: true, characterData: true, subtree: true });
      });
      const started = performance.now();
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await changed;
      document.body.getBoundingClientRect();
      return performance.now() - started;
    }, needle);
    const filters: number[] = [];
    for (const needle of ['role-first', 'reference', 'external']) {
      if (filters.some((ms) => ms < FILTER_BUDGET_MS) && needle !== 'external') continue;
      filters.push(await keystroke(needle));
    }
    const external = report.cases.filter((c) => c.targetId === 'external').length;
    expect(await countText(page!)).toBe(`${external} of 5000 cases shown`);
    expect(await visibleCases(page!)).toBe(external);

    // An outcome checkbox (applied at once) on top of the text.
    const outcomeMs = await page!.evaluate(() => {
      const box = document.querySelector('#filters input[data-outcome="pass"]') as HTMLInputElement;
      const started = performance.now();
      box.click();
      document.body.getBoundingClientRect();
      return performance.now() - started;
    });
    const left = report.cases.filter((c) => c.targetId === 'external' && c.outcome !== 'pass').length;
    expect(await countText(page!)).toBe(`${left} of 5000 cases shown`);

    const ms = (values: number[]) => values.map((v) => v.toFixed(0)).join(' / ');
    console.log(`report-browser: 5,000 cases, ${(bytes / 1e6).toFixed(1)} MB of HTML: load event ${ms(loads.map((l) => l.load))} ms `
      + `(DOM parsed at ${ms(loads.map((l) => l.parsed))} ms), filter keystroke → rows ${ms(filters)} ms, outcome toggle ${outcomeMs.toFixed(0)} ms`);
    expect(Math.min(...loads.map((l) => l.load))).toBeLessThan(LOAD_BUDGET_MS);
    expect(Math.min(...filters)).toBeLessThan(FILTER_BUDGET_MS);
    await page!.close();
    expect(watch.blocked).toEqual([]);
    expect(watch.errors).toEqual([]);
  });
});
