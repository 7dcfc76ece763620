/** Tests for the HTML view: structure, anchors, evidence, self-containment (no requests), CSP, escaping of hostile output. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HOSTILE_SCRIPT, PLANTED_SECRET, sampleReport } from './fixtures.ts';
import { renderHtml } from './html.ts';
import { escapeHtml } from './text.ts';

const report = sampleReport();
const html = renderHtml(report);

const VOID = new Set(['meta', 'input', 'br', 'img', 'link', 'hr', 'wbr']);

/** Open/close tag balance outside <style>/<script>: catches broken nesting without a browser. */
function tagBalance(page: string): string[] {
  const body = page.replace(/<(style|script)>[\s\S]*?<\/\1>/g, '');
  const stack: string[] = [];
  const problems: string[] = [];
  for (const match of body.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(\/?)>/g)) {
    const [, closing, rawName] = match;
    const name = rawName!.toLowerCase();
    if (VOID.has(name)) continue;
    if (!closing) stack.push(name);
    else if (stack.pop() !== name) problems.push(`</${name}> at ${match.index}`);
  }
  return [...problems, ...stack.map((n) => `unclosed <${n}>`)];
}

describe('renderHtml', () => {
  it('is a complete document with balanced tags and unique ids', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(tagBalance(html)).toEqual([]);
    const ids = [...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has a details anchor for every case id, and the matrix links to each', () => {
    for (const c of report.cases) {
      expect(html).toContain(`<details class="case o-${c.outcome}" id="${escapeHtml(c.id)}"`);
      expect(html).toContain(`href="#${escapeHtml(encodeURIComponent(c.id))}"`);
    }
  });

  it('shows the summary header: targets, tool version, seed, counts and verdict', () => {
    for (const t of report.targets) {
      expect(html).toContain(escapeHtml(t.label));
      expect(html).toContain(escapeHtml(t.url));
    }
    expect(html).toContain(`touchstone ${report.tool.version}`);
    expect(html).toContain(`<code>${report.run.seed}</code>`);
    expect(html).toContain('2025-11-23 14:36:05 UTC');
    expect(html).toContain(`${report.summary.byOutcome.fail} fail</span>`);
    expect(html).toContain('FAIL: 3 checks failed (3 cases)');
  });

  it('lists endpoints, the check matrix with levels, and every check', () => {
    expect(html).toContain('<code>POST /chat/completions</code>');
    expect(html).toContain('<code>GET /models</code>');
    for (const check of report.checks) expect(html).toContain(`<code>${escapeHtml(check.id)}</code>`);
    expect(html).toContain('level-SHOULD');
  });

  it('shows violations by JSON pointer, the SSE transcript, requirements and curl', () => {
    for (const v of report.cases.flatMap((c) => c.violations)) {
      if (v.pointer) expect(html).toContain(`<td><code>${escapeHtml(v.pointer)}</code></td>`);
      expect(html).toContain(`<td>${escapeHtml(v.actual)}</td>`);
    }
    expect(html).toContain('<ol class="events"');
    expect(html).toContain(escapeHtml('data: [DONE]'));
    expect(html).toContain(escapeHtml(report.checks[0]!.requirement));
    expect(html).toContain('<pre class="curl"><code>curl -sS -X POST');
  });

  it('makes no request of any kind: no external src/href, stylesheet links, imports or url()', () => {
    expect(html).not.toMatch(/\s(?:src|href|action|poster|srcset)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?\/\//i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/<(?:img|iframe|object|embed|video|audio|source)\b/i);
    for (const [, href] of html.matchAll(/\shref="([^"]*)"/g)) expect(href!.startsWith('#')).toBe(true);
  });

  it('allows only its own inline style and script through a hash-based CSP', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`style-src ${hash(style)}`);
    expect(csp).toContain(`script-src ${hash(script)}`);
    expect(csp).not.toContain('unsafe-inline');
  });

  it('escapes hostile gateway output everywhere it appears', () => {
    expect(html).not.toContain(HOSTILE_SCRIPT);
    expect(html).toContain(escapeHtml(HOSTILE_SCRIPT));
    expect(html.match(/<script/gi)).toHaveLength(1);
    expect(html).not.toContain('\u001b');
    expect(html).not.toContain('\u0000');
    expect(html).toContain('\\u001b[31m');
  });

  it('escapes hostile text in ids, scenarios and check titles too', () => {
    const hostile = sampleReport();
    hostile.cases[0]!.id = `x"><img src=x onerror=alert(1)>`;
    hostile.cases[0]!.scenario = '</details><script>alert(2)</script>';
    hostile.checks[0]!.title = '<b onmouseover=alert(3)>';
    hostile.targets[0]!.label = '"><svg onload=alert(4)>';
    const page = renderHtml(hostile);
    expect(page.match(/<script/gi)).toHaveLength(1);
    expect(page).not.toMatch(/<(img|svg|b)\b/);
    expect(tagBalance(page)).toEqual([]);
  });

  it('never contains the planted key', () => {
    expect(html).not.toContain(PLANTED_SECRET);
    expect(html).not.toContain(PLANTED_SECRET.slice(8));
  });

  it('reads without JavaScript: filter controls start hidden, cases are collapsed <details>', () => {
    expect(html).toContain('<div id="filters" class="filters" role="search" hidden>');
    expect(html.match(/<details class="case/g)).toHaveLength(report.cases.length);
    expect(html).not.toMatch(/<details\b[^>]*\sopen[\s>=]/);
  });

  it('has light, dark and print styles and a system font stack', () => {
    expect(html).toContain('@media (prefers-color-scheme: dark)');
    expect(html).toContain('@media print');
    expect(html).toContain('system-ui');
  });

  it('renders a report whose case names an unknown check or target', () => {
    const odd = sampleReport();
    odd.cases[0]!.checkId = 'mystery.check';
    odd.cases[0]!.targetId = 'ghost';
    const page = renderHtml(odd);
    expect(page).toContain('<code>mystery.check</code>');
    expect(tagBalance(page)).toEqual([]);
  });
});

describe('per-case replay command', () => {
  it('shows `touchstone replay <case-id>` for every case with an exchange, shell-quoted and escaped', () => {
    const report = sampleReport();
    const html = renderHtml(report);
    const withExchange = report.cases.filter((c) => c.evidence.exchanges.length > 0);
    expect(withExchange.length).toBeGreaterThan(0);
    const count = html.split('npx touchstone replay ').length - 1;
    expect(count).toBe(withExchange.length);
    expect(html).not.toMatch(/touchstone replay '[^']*<script/);
  });
});
