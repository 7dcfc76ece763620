/** Tests for the report page script, run against a minimal DOM stand-in (no DOM library or browser is available). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { REPORT_JS } from './html-script.ts';
import { OUTCOMES } from './model.ts';

type Listener = () => void;
interface Stub { hidden: boolean; open?: boolean; dataset: Record<string, string>; listeners: Record<string, Listener>; [k: string]: unknown }

function stub(dataset: Record<string, string> = {}, extra: Record<string, unknown> = {}): Stub {
  const listeners: Record<string, Listener> = {};
  return { hidden: false, dataset, listeners, addEventListener: (type: string, fn: Listener) => { listeners[type] = fn; }, ...extra };
}

/** Run the page script against a minimal DOM stand-in (no DOM library is installed; no browser here). */
function boot(cases: { outcome: string; search: string; provider?: string }[]) {
  const caseEls = cases.map(({ outcome, search, provider }) =>
    stub({ outcome, search, ...(provider ? { provider } : {}) }, { open: false, tagName: 'DETAILS' }));
  const provider = stub({ filter: 'provider' }, { value: '' });
  const boxes = OUTCOMES.map((o) => stub({ outcome: o }, { checked: true }));
  const text = stub({}, { value: '' });
  const count = stub({}, { textContent: '' });
  const controls = stub({}, { hidden: true, querySelectorAll: () => boxes });
  const byId: Record<string, unknown> = {
    filters: controls, 'filter-text': text, 'filter-count': count,
    'expand-all': stub(), 'collapse-all': stub(), 'filter-reset': stub(),
  };
  const document = {
    getElementById: (id: string) => byId[id] ?? null,
    querySelectorAll: (selector: string) => (selector === 'details.case' ? caseEls : selector === 'select[data-filter]' ? [provider] : []),
    addEventListener: () => {},
    activeElement: null,
  };
  const window = { addEventListener: () => {} };
  new Function('document', 'window', 'location', 'navigator', REPORT_JS)(document, window, { hash: '' }, {});
  return { caseEls, boxes, text, count, controls, byId, provider };
}

describe('report page script', () => {
  afterEach(() => { vi.useRealTimers(); });

  it('never closes its own script element early', () => {
    expect(REPORT_JS.toLowerCase()).not.toContain('</script');
  });

  it('shows the controls and filters cases by text (debounced), outcome and provider', () => {
    vi.useFakeTimers();
    const page = boot([
      { outcome: 'pass', search: 'chat.stream.role-first reference' },
      { outcome: 'fail', search: 'chat.stream.role-first external', provider: 'anthropic' },
      { outcome: 'pass', search: 'models.list.schema reference' },
    ]);
    expect(page.controls.hidden).toBe(false);
    expect(page.count.textContent).toBe('3 of 3 cases shown');

    page.text.value = 'ROLE-first';
    page.text.listeners.input!();
    expect(page.caseEls.map((c) => c.hidden)).toEqual([false, false, false]);
    vi.advanceTimersByTime(200);
    expect(page.caseEls.map((c) => c.hidden)).toEqual([false, false, true]);

    page.boxes[OUTCOMES.indexOf('pass')]!.checked = false;
    page.boxes[0]!.listeners.change!();
    expect(page.caseEls.map((c) => c.hidden)).toEqual([true, false, true]);
    expect(page.count.textContent).toBe('1 of 3 cases shown');

    page.provider.value = 'openai';
    page.provider.listeners.change!();
    expect(page.count.textContent).toBe('0 of 3 cases shown');
    page.provider.value = 'anthropic';
    page.provider.listeners.change!();
    expect(page.count.textContent).toBe('1 of 3 cases shown');

    (page.byId['filter-reset'] as Stub).listeners.click!();
    expect(page.caseEls.every((c) => !c.hidden)).toBe(true);
    expect(page.provider.value).toBe('');
    (page.byId['expand-all'] as Stub).listeners.click!();
    expect(page.caseEls.every((c) => c.open)).toBe(true);
  });
});
