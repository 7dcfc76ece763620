/** Tests for the JUnit view, read back with a strict little XML 1.0 parser: well-formedness, counts, escaping. */
import { describe, expect, it } from 'vitest';
import { HOSTILE_SCRIPT, PLANTED_SECRET, sampleReport } from './fixtures.ts';
import { renderJunit } from './junit.ts';
import { lookup } from './lookup.ts';

interface XmlElement { name: string; attrs: Record<string, string>; children: XmlElement[]; text: string }

/**
 * A strict little XML 1.0 reader for the test: rejects characters XML forbids, unbalanced or mismatched
 * tags, unquoted or duplicate attributes, '<' in attribute values, unknown entities, stray '&'.
 */
function parseXml(src: string): XmlElement {
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    const legal = c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd)
      || (c >= 0xd800 && c <= 0xdbff && src.charCodeAt(i + 1) >= 0xdc00 && src.charCodeAt(i + 1) <= 0xdfff && ++i > 0);
    if (!legal) throw new Error(`illegal character U+${c.toString(16)} at ${i}`);
  }
  let i = 0;
  const fail = (what: string): never => { throw new Error(`${what} at ${i}: ${JSON.stringify(src.slice(i, i + 40))}`); };
  const isSpace = (ch: string | undefined) => ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r';
  const isNameChar = (ch: string | undefined) => ch !== undefined && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || '-_.:'.includes(ch));
  const skipSpace = () => { while (isSpace(src[i])) i++; };
  const name = () => { const start = i; while (isNameChar(src[i])) i++; return i > start ? src.slice(start, i) : fail('expected a name'); };
  const decode = (raw: string): string => {
    let out = '';
    for (let k = 0; k < raw.length; k++) {
      if (raw[k] !== '&') { out += raw[k]; continue; }
      const end = raw.indexOf(';', k);
      if (end < 0) fail('unterminated entity');
      const ref = raw.slice(k + 1, end);
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
      if (ref in named) out += named[ref];
      else if (ref.startsWith('#x')) out += String.fromCodePoint(parseInt(ref.slice(2), 16));
      else if (ref.startsWith('#')) out += String.fromCodePoint(Number(ref.slice(1)));
      else fail(`unknown entity &${ref};`);
      k = end;
    }
    return out;
  };
  const element = (): XmlElement => {
    if (src[i] !== '<') fail('expected <');
    i++;
    const el: XmlElement = { name: name(), attrs: {}, children: [], text: '' };
    for (;;) {
      skipSpace();
      if (src.startsWith('/>', i)) { i += 2; return el; }
      if (src[i] === '>') { i++; break; }
      const attr = name();
      if (attr in el.attrs) fail(`duplicate attribute ${attr}`);
      if (src[i++] !== '=') fail('expected =');
      const quote = src[i++];
      if (quote !== '"' && quote !== "'") fail('unquoted attribute');
      const end = src.indexOf(quote!, i);
      const raw = src.slice(i, end);
      if (end < 0 || raw.includes('<')) fail('bad attribute value');
      el.attrs[attr] = decode(raw);
      i = end + 1;
    }
    for (;;) {
      if (src.startsWith('</', i)) {
        i += 2;
        if (name() !== el.name) fail(`mismatched </…> for <${el.name}>`);
        skipSpace();
        if (src[i++] !== '>') fail('expected >');
        return el;
      }
      if (src[i] === '<') { el.children.push(element()); continue; }
      const next = src.indexOf('<', i);
      if (next < 0) fail(`unclosed <${el.name}>`);
      const raw = src.slice(i, next);
      if (raw.includes(']]>')) fail(']]> in text');
      el.text += decode(raw);
      i = next;
    }
  };
  if (src.startsWith('<?xml')) i = src.indexOf('?>') + 2;
  skipSpace();
  const root = element();
  skipSpace();
  if (i !== src.length) fail('content after the root element');
  return root;
}

const all = (el: XmlElement, name: string): XmlElement[] =>
  [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => all(c, name))];

describe('renderJunit', () => {
  const report = sampleReport();
  const xml = renderJunit(report);
  const root = parseXml(xml);
  const find = lookup(report);

  it('is well-formed XML with a testsuites root', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(root.name).toBe('testsuites');
  });

  it('has one testsuite per suite × target and one testcase per case', () => {
    const pairs = new Set(report.cases.map((c) => `${find.check(c.checkId).suite}.${c.targetId}`));
    const suites = all(root, 'testsuite');
    expect(suites.map((s) => s.attrs.name).sort()).toEqual([...pairs].sort());
    expect(all(root, 'testcase')).toHaveLength(report.cases.length);
    for (const c of report.cases) {
      const classname = `${find.check(c.checkId).suite}.${c.targetId}`;
      expect(all(root, 'testcase').some((t) => t.attrs.classname === classname && t.attrs.name === `${c.checkId} [${c.scenario}]`)).toBe(true);
    }
  });

  it('gets the counts right at every level', () => {
    const counts = (el: XmlElement) => ({
      tests: all(el, 'testcase').length,
      failures: all(el, 'failure').length,
      skipped: all(el, 'skipped').length,
    });
    for (const el of [root, ...all(root, 'testsuite')]) {
      expect(Number(el.attrs.tests)).toBe(counts(el).tests);
      expect(Number(el.attrs.failures)).toBe(counts(el).failures);
      expect(Number(el.attrs.skipped)).toBe(counts(el).skipped);
      expect(el.attrs.errors).toBe('0');
    }
    expect(Number(root.attrs.failures)).toBe(report.summary.byOutcome.fail);
    expect(Number(root.attrs.skipped)).toBe(report.summary.byOutcome.unimplemented);
    const caseTime = report.cases.reduce((s, c) => s + c.durationMs, 0) / 1000;
    expect(Number(root.attrs.time)).toBeCloseTo(caseTime, 3);
    const suiteTime = all(root, 'testsuite').reduce((s, el) => s + Number(el.attrs.time), 0);
    expect(suiteTime).toBeCloseTo(caseTime, 2);
  });

  it('carries violations in failures, notes for non-strict, skips for unimplemented', () => {
    const byName = (name: string) => all(root, 'testcase').filter((t) => t.attrs.name === name);
    const schemaFail = byName('chat.response.schema [openai-sdk]').find((t) => t.attrs.classname === 'chat.external')!;
    const failure = schemaFail.children.find((c) => c.name === 'failure')!;
    expect(failure.attrs.message).toBe('2 schema violations in the response body');
    expect(failure.text).toContain('/usage/total_tokens: expected integer, actual "11"');
    expect(failure.text).toContain('/choices/0/finish_reason: expected one of stop');
    expect(failure.text).toContain('curl -sS -X POST');

    const nonStrict = byName('chat.headers.request-id [raw fetch]').find((t) => t.attrs.classname === 'chat.external')!;
    expect(nonStrict.children.map((c) => c.name)).toEqual(['system-out']);
    expect(nonStrict.children[0]!.text).toContain('NON-STRICT');

    const unimplemented = byName('batches.lifecycle [openai-sdk]').find((t) => t.attrs.classname === 'batches.external')!;
    expect(unimplemented.children.map((c) => c.name)).toEqual(['skipped']);

    const pass = byName('chat.stream.done [openai-sdk, stream]')[0]!;
    expect(pass.children).toEqual([]);
  });

  it('escapes markup and replaces characters XML 1.0 cannot carry', () => {
    expect(xml).not.toContain(HOSTILE_SCRIPT);
    expect(xml).not.toContain('\u001b');
    expect(xml).not.toContain('\u0000');
    const failure = all(root, 'failure').find((f) => f.attrs.message!.includes('HTML page'))!;
    expect(failure.attrs.message).toContain(HOSTILE_SCRIPT);
    expect(failure.text).toContain('\\u001b[31m\\u0000');

    const odd = sampleReport();
    odd.cases[0]!.outcome = 'fail';
    odd.cases[0]!.message = 'lone \ud800 surrogate, \ufffe, ]]> and "quotes" & \'apostrophes\' \u0008';
    odd.cases[0]!.scenario = 'tab\there\nnewline';
    const parsed = parseXml(renderJunit(odd));
    const testcase = all(parsed, 'testcase').find((t) => t.attrs.name!.includes('tab'))!;
    expect(testcase.attrs.name).toBe(`${odd.cases[0]!.checkId} [tab\there\nnewline]`);
    expect(testcase.children[0]!.attrs.message).toBe('lone \ufffd surrogate, \ufffd, ]]> and "quotes" & \'apostrophes\' \\u0008');
  });

  it('never contains the planted key', () => {
    expect(xml).not.toContain(PLANTED_SECRET);
  });

  it('renders an empty run', () => {
    const empty = { ...sampleReport(), cases: [] };
    const parsed = parseXml(renderJunit(empty));
    expect(parsed.attrs.tests).toBe('0');
    expect(parsed.children).toEqual([]);
  });
});
