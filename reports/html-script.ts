/**
 * The report page's one inline script: a text filter and outcome checkboxes over cases and matrix rows,
 * open-on-navigate for case links, expand/collapse all, copy buttons for curl commands, and opening every
 * case before printing. It only enhances: the controls start `hidden` and everything is readable without it.
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
  const cases = Array.from(doc.querySelectorAll('details.case'));
  const rows = Array.from(doc.querySelectorAll('tr[data-outcomes]'));
  const groupRows = Array.from(doc.querySelectorAll('tr.group[data-group]'));
  const sections = Array.from(doc.querySelectorAll('section.ep-group'));
  const count = doc.getElementById('filter-count');

  function apply() {
    const needle = text.value.trim().toLowerCase();
    const on = new Set(boxes.filter((b) => b.checked).map((b) => b.dataset.outcome));
    const matches = (el) => !needle || (el.dataset.search || '').includes(needle);
    let shown = 0;
    for (const c of cases) {
      const visible = on.has(c.dataset.outcome) && matches(c);
      c.hidden = !visible;
      if (visible) shown += 1;
    }
    for (const r of rows) {
      r.hidden = !(r.dataset.outcomes.split(' ').some((o) => on.has(o)) && matches(r));
    }
    for (const g of groupRows) {
      g.hidden = !rows.some((r) => r.dataset.group === g.dataset.group && !r.hidden);
    }
    for (const s of sections) s.hidden = !s.querySelector('details.case:not([hidden])');
    count.textContent = shown + ' of ' + cases.length + ' cases shown';
  }

  function reset() {
    text.value = '';
    for (const b of boxes) b.checked = true;
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
  text.addEventListener('input', apply);
  for (const b of boxes) b.addEventListener('change', apply);
  doc.getElementById('expand-all').addEventListener('click', () => {
    for (const c of cases) if (!c.hidden) c.open = true;
  });
  doc.getElementById('collapse-all').addEventListener('click', () => {
    for (const c of cases) c.open = false;
  });
  doc.getElementById('filter-reset').addEventListener('click', reset);
  doc.addEventListener('keydown', (event) => {
    if (event.key === '/' && doc.activeElement !== text) { event.preventDefault(); text.focus(); }
  });

  window.addEventListener('hashchange', reveal);
  doc.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a[href^="#"]');
    if (link && link.getAttribute('href') === location.hash) setTimeout(reveal, 0);
  });

  for (const block of doc.querySelectorAll('pre.curl')) {
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

  let openedForPrint = [];
  window.addEventListener('beforeprint', () => {
    openedForPrint = cases.filter((c) => !c.open && !c.hidden);
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
