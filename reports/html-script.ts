/**
 * The report page's one inline script: a text filter (debounced), outcome checkboxes and endpoint / provider /
 * capability selects over cases and table rows, open-on-navigate for case links, expand/collapse all, copy
 * buttons for curl commands (added when a case opens), and opening every case before printing. It only enhances: the controls start `hidden` and everything is readable without it.
 * Plain ES2020 in a string (no build step); it must never contain a closing script tag.
 */
export const REPORT_JS = `
(() => {
  'use strict';
  const doc = document;
  const controls = doc.getElementById('filters');
  if (!controls) return;
  const text = doc.getElementById('filter-text');
  const boxes = Array.from(controls.querySelectorAll('input[type=checkbox][data-outcome]'));
  const selects = Array.from(doc.querySelectorAll('select[data-filter]'));
  const count = doc.getElementById('filter-count');
  // Everything the filter reads is taken from the pre-rendered markup once; apply() then only compares
  // strings and writes 'hidden' where it changes, so thousands of cases filter without a re-render.
  const words = (value) => (value ? value.split(' ') : []);
  const cases = Array.from(doc.querySelectorAll('details.case')).map((el) => ({
    el, outcome: el.dataset.outcome, search: el.dataset.search || '',
    endpoint: el.dataset.endpoint || '', provider: el.dataset.provider || '', capability: el.dataset.capability || '',
  }));
  const rows = Array.from(doc.querySelectorAll('tr[data-outcomes]')).map((el) => ({
    el, outcomes: words(el.dataset.outcomes), search: el.dataset.search || '', group: el.dataset.group,
    endpoint: words(el.dataset.endpoints), provider: words(el.dataset.providers), capability: words(el.dataset.capabilities),
  }));
  const groupRows = Array.from(doc.querySelectorAll('tr.group[data-group]'));
  const sections = Array.from(doc.querySelectorAll('section.ep-group')).map((el) => ({
    el, cases: cases.filter((c) => el.contains(c.el)),
  }));
  const show = (el, visible) => { if (el.hidden === visible) el.hidden = !visible; };

  function apply() {
    const needle = text.value.trim().toLowerCase();
    const on = new Set(boxes.filter((b) => b.checked).map((b) => b.dataset.outcome));
    const picked = selects.filter((s) => s.value !== '').map((s) => [s.dataset.filter, s.value]);
    const matches = (item) => !needle || item.search.includes(needle);
    let shown = 0;
    for (const c of cases) {
      c.visible = on.has(c.outcome) && matches(c) && picked.every(([key, value]) => c[key] === value);
      show(c.el, c.visible);
      if (c.visible) shown += 1;
    }
    const openGroups = new Set();
    for (const r of rows) {
      const visible = r.outcomes.some((o) => on.has(o)) && matches(r) && picked.every(([key, value]) => r[key].includes(value));
      show(r.el, visible);
      if (visible) openGroups.add(r.group);
    }
    for (const g of groupRows) show(g, openGroups.has(g.dataset.group));
    for (const s of sections) show(s.el, s.cases.some((c) => c.visible));
    count.textContent = shown + ' of ' + cases.length + ' cases shown';
  }

  // Typing filters after a short pause, so a fast typist does not pay for every keystroke at 5,000 cases.
  let typing = 0;
  function applySoon() {
    clearTimeout(typing);
    typing = setTimeout(apply, 60);
  }

  function reset() {
    clearTimeout(typing);
    text.value = '';
    for (const b of boxes) b.checked = true;
    for (const s of selects) s.value = '';
    apply();
  }

  function reveal() {
    let id = '';
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    const el = id ? doc.getElementById(id) : null;
    if (!el || el.tagName !== 'DETAILS') return;
    if (el.hidden) reset();
    el.open = true;
    el.scrollIntoView({ block: 'start' });
  }

  controls.hidden = false;
  text.addEventListener('input', applySoon);
  for (const b of boxes) b.addEventListener('change', apply);
  for (const s of selects) s.addEventListener('change', apply);
  doc.getElementById('expand-all').addEventListener('click', () => {
    for (const c of cases) if (!c.el.hidden) c.el.open = true;
  });
  doc.getElementById('collapse-all').addEventListener('click', () => {
    for (const c of cases) c.el.open = false;
  });
  doc.getElementById('filter-reset').addEventListener('click', reset);
  doc.addEventListener('keydown', (event) => {
    if (event.key === '/' && doc.activeElement !== text) { event.preventDefault(); text.focus(); }
  });

  window.addEventListener('hashchange', reveal);
  doc.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a[href^="#"]');
    if (!link) return;
    const endpoint = link.dataset.filterEndpoint;
    const select = doc.getElementById('filter-endpoint');
    if (endpoint !== undefined && select) {
      reset();
      select.value = endpoint;
      apply();
    }
    if (link.getAttribute('href') === location.hash) setTimeout(reveal, 0);
  });

  // Copy buttons are added when a case is first opened, not at load: a large report has thousands of curls.
  function addCopyButtons(root) {
    for (const block of root.querySelectorAll('pre.curl')) {
      if (block.previousElementSibling && block.previousElementSibling.classList.contains('copy')) continue;
      const button = doc.createElement('button');
      button.type = 'button';
      button.className = 'copy';
      button.textContent = 'Copy';
      button.addEventListener('click', async () => {
        try {
          await navigator.clipboard.writeText(block.textContent);
          button.textContent = 'Copied';
        } catch (e) {
          const range = doc.createRange();
          range.selectNodeContents(block);
          const selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          button.textContent = 'Selected: press Ctrl+C';
        }
        setTimeout(() => { button.textContent = 'Copy'; }, 1600);
      });
      block.before(button);
    }
  }
  doc.addEventListener('toggle', (event) => {
    const el = event.target;
    if (el && el.tagName === 'DETAILS' && el.open) addCopyButtons(el);
  }, true);

  let openedForPrint = [];
  window.addEventListener('beforeprint', () => {
    openedForPrint = cases.map((c) => c.el).filter((c) => !c.open && !c.hidden);
    for (const c of openedForPrint) c.open = true;
  });
  window.addEventListener('afterprint', () => {
    for (const c of openedForPrint) c.open = false;
    openedForPrint = [];
  });

  apply();
  reveal();
})();
`;
