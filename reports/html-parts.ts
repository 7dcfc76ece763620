/**
 * Small HTML building blocks shared by the report page and its case sections: outcome badges (colour
 * AND a text label and symbol, so nothing depends on colour alone) and in-page links to a case.
 * Every string from the model is escaped here or by the caller with `escapeHtml` — never interpolated raw.
 */
import type { Outcome } from './model.ts';
import { escapeHtml } from './text.ts';

export const OUTCOME_LABEL: Record<Outcome, string> = {
  pass: 'pass',
  'non-strict': 'non-strict',
  fail: 'fail',
  informational: 'informational',
  unimplemented: 'unimplemented',
};

/** A glyph beside each label; decorative (aria-hidden), the label carries the meaning. */
export const OUTCOME_SYMBOL: Record<Outcome, string> = {
  pass: '✓',
  'non-strict': '!',
  fail: '✗',
  informational: 'i',
  unimplemented: '–',
};

/** `<span class="badge o-fail">✗ fail</span>`, optionally with a count: "✗ 3 fail". */
export function badge(outcome: Outcome, count?: number): string {
  const label = OUTCOME_LABEL[outcome] ?? outcome;
  const text = count === undefined ? label : `${count} ${label}`;
  return `<span class="badge o-${escapeHtml(outcome)}"><span aria-hidden="true">${OUTCOME_SYMBOL[outcome] ?? '?'}</span> ${escapeHtml(text)}</span>`;
}

/** An in-page fragment for an element id: percent-encoded (ids hold '#', '@', spaces), then attribute-escaped. */
export function fragment(id: string): string {
  return `#${escapeHtml(encodeURIComponent(id))}`;
}

/** Lower-cased text the inline filter matches against, as an attribute value. */
export function searchText(...parts: (string | undefined)[]): string {
  return escapeHtml(parts.filter(Boolean).join(' ').toLowerCase());
}

/** `<pre>` for model text, or nothing for an absent value. */
export function pre(text: string | undefined, className = ''): string {
  if (text === undefined) return '';
  return `<pre${className ? ` class="${className}"` : ''}>${escapeHtml(text)}</pre>`;
}
