/**
 * W3C Trace Context parsing: the spec's own examples and the cases of its conformance suite
 * (w3c/trace-context test/test.py) for traceparent, plus tracestate validation and bounds.
 */
import { describe, expect, it } from 'vitest';
import {
  formatTraceparent, newSpanId, newTraceId, parseTraceparent, parseTracestate, TRACESTATE_MAX_LENGTH, TRACESTATE_MAX_MEMBERS,
} from './traceparent.ts';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';

describe('parseTraceparent', () => {
  it.each([
    ['spec example, sampled', `00-${TRACE}-${PARENT}-01`, { version: '00', traceId: TRACE, parentId: PARENT, flags: 1, sampled: true }],
    ['spec example, not sampled', `00-${TRACE}-${PARENT}-00`, { version: '00', traceId: TRACE, parentId: PARENT, flags: 0, sampled: false }],
    ['spec mutation example', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', { traceId: '0af7651916cd43dd8448eb211c80319c', parentId: 'b7ad6b7169203331', sampled: true }],
    ['flags are a bit field: 09 is sampled', `00-${TRACE}-${PARENT}-09`, { flags: 9, sampled: true }],
    ['flags ff is sampled', `00-${TRACE}-${PARENT}-ff`, { flags: 255, sampled: true }],
    ['flags 02 is not sampled', `00-${TRACE}-${PARENT}-02`, { flags: 2, sampled: false }],
    ['optional whitespace around the value', ` \t00-${TRACE}-${PARENT}-01\t `, { traceId: TRACE }],
    ['future version, same length', `cc-${TRACE}-${PARENT}-01`, { version: 'cc', traceId: TRACE, parentId: PARENT, sampled: true }],
    ['future version with more fields', `cc-${TRACE}-${PARENT}-01-what-the-future-will-be-like`, { version: 'cc', traceId: TRACE, sampled: true }],
    ['future version 01', `01-${TRACE}-${PARENT}-00-extra`, { version: '01', sampled: false }],
  ])('accepts %s', (_name, header, expected) => {
    expect(parseTraceparent(header)).toMatchObject(expected);
  });

  it.each([
    ['absent', null],
    ['undefined', undefined],
    ['empty', ''],
    ['version ff is forbidden', `ff-${TRACE}-${PARENT}-01`],
    ['version 00 with extra fields', `00-${TRACE}-${PARENT}-01-what-the-future-will-be-like`],
    ['version 00 with a trailing dot', `00-${TRACE}-${PARENT}-01.`],
    ['future version followed by other than a dash', `cc-${TRACE}-${PARENT}-01.what-the-future-will-be-like`],
    ['future version shorter than 55 characters', `cc-${TRACE}-${PARENT}-0`],
    ['future version with uppercase trace id', `cc-${TRACE.toUpperCase()}-${PARENT}-01`],
    ['version with illegal characters', `.0-${TRACE}-${PARENT}-01`],
    ['version with illegal characters (second)', `0.-${TRACE}-${PARENT}-01`],
    ['version too long (3)', `000-${TRACE}-${PARENT}-01`],
    ['version too long (4)', `0000-${TRACE}-${PARENT}-01`],
    ['version too short', `0-${TRACE}-${PARENT}-01`],
    ['uppercase version', `0A-${TRACE}-${PARENT}-01`],
    ['all-zero trace id', `00-00000000000000000000000000000000-${PARENT}-01`],
    ['uppercase trace id', `00-${TRACE.toUpperCase()}-${PARENT}-01`],
    ['trace id with illegal characters', '00-.2345678901234567890123456789012-1234567890123456-01'],
    ['trace id with illegal characters (end)', '00-1234567890123456789012345678901.-1234567890123456-01'],
    ['trace id too long', '00-123456789012345678901234567890123-1234567890123456-01'],
    ['trace id too short', '00-1234567890123456789012345678901-1234567890123456-01'],
    ['all-zero parent id', `00-${TRACE}-0000000000000000-01`],
    ['uppercase parent id', `00-${TRACE}-${PARENT.toUpperCase()}-01`],
    ['parent id with illegal characters', '00-12345678901234567890123456789012-.234567890123456-01'],
    ['parent id too long', '00-12345678901234567890123456789012-12345678901234567-01'],
    ['parent id too short', '00-12345678901234567890123456789012-123456789012345-01'],
    ['flags with illegal characters', '00-12345678901234567890123456789012-1234567890123456-.0'],
    ['uppercase flags', `00-${TRACE}-${PARENT}-0A`],
    ['flags too long', '00-12345678901234567890123456789012-1234567890123456-001'],
    ['flags too short', '00-12345678901234567890123456789012-1234567890123456-1'],
    ['two headers joined by a comma', `00-${TRACE}-${PARENT}-01, 00-${TRACE}-${PARENT}-01`],
    ['future version, two headers joined', `cc-${TRACE}-${PARENT}-01, cc-${TRACE}-${PARENT}-01`],
    ['missing separators', `00${TRACE}${PARENT}01`],
    ['wrong separator', `00_${TRACE}_${PARENT}_01`],
  ])('rejects %s (a new trace starts)', (_name, header) => {
    expect(parseTraceparent(header)).toBeNull();
  });
});

describe('parseTracestate', () => {
  it('passes a valid list through, dropping optional whitespace and empty members, keeping order', () => {
    expect(parseTracestate('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE')).toBe('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE');
    expect(parseTracestate(' foo=1 ,\t, bar=2\t,')).toBe('foo=1,bar=2');
  });

  it('accepts every allowed key form and value character', () => {
    const allValueChars = Array.from({ length: 0x7e - 0x20 + 1 }, (_, i) => String.fromCharCode(0x20 + i)).filter((c) => c !== ',' && c !== '=').join('');
    expect(parseTracestate(`a=1,z0_-*/=2,tenant@sys=3,0tenant@s=4,k=${allValueChars}`)).toBe(`a=1,z0_-*/=2,tenant@sys=3,0tenant@s=4,k=${allValueChars}`);
    expect(parseTracestate(`${'a'.repeat(256)}=1`)).toBe(`${'a'.repeat(256)}=1`);
    expect(parseTracestate(`${'t'.repeat(241)}@${'s'.repeat(14)}=1`)).toBe(`${'t'.repeat(241)}@${'s'.repeat(14)}=1`);
    expect(parseTracestate(`k= leading space kept`)).toBe('k= leading space kept');
  });

  it.each([
    ['absent', null],
    ['empty', ''],
    ['only whitespace and commas', ' , ,'],
    ['uppercase key', 'Foo=1'],
    ['key starting with a digit (not multi-tenant)', '1foo=1'],
    ['key too long', `${'a'.repeat(257)}=1`],
    ['tenant id too long', `${'t'.repeat(242)}@s=1`],
    ['system id too long', `t@${'s'.repeat(15)}=1`],
    ['two at signs', 't@s@x=1'],
    ['key with illegal character', 'fo.o=1'],
    ['member without "="', 'foo'],
    ['member with empty key', '=1'],
    ['empty value', 'foo='],
    ['value ending with a space inside a member', 'foo=1 =x'],
    ['value with "="', 'foo=a=b'],
    ['value with a control character', 'foo=a\x01b'],
    ['value with a non-ASCII character', 'foo=é'],
    ['value too long', `foo=${'v'.repeat(257)}`],
    ['duplicate key', 'foo=1,bar=2,foo=3'],
  ])('drops %s', (_name, header) => {
    expect(parseTracestate(header)).toBeUndefined();
  });

  it(`keeps ${TRACESTATE_MAX_MEMBERS} members and drops ${TRACESTATE_MAX_MEMBERS + 1}`, () => {
    const members = (n: number) => Array.from({ length: n }, (_, i) => `k${i}=v`).join(',');
    expect(parseTracestate(members(TRACESTATE_MAX_MEMBERS))).toBe(members(TRACESTATE_MAX_MEMBERS));
    expect(parseTracestate(members(TRACESTATE_MAX_MEMBERS + 1))).toBeUndefined();
  });

  it(`keeps ${TRACESTATE_MAX_LENGTH} characters and drops more`, () => {
    // Two members: "a=" + 254 chars, "," and "b=" + n chars.
    const twoMembers = (total: number) => `a=${'x'.repeat(254)},b=${'y'.repeat(total - 256 - 1 - 2)}`;
    expect(twoMembers(TRACESTATE_MAX_LENGTH)).toHaveLength(TRACESTATE_MAX_LENGTH);
    expect(parseTracestate(twoMembers(TRACESTATE_MAX_LENGTH))).toBe(twoMembers(TRACESTATE_MAX_LENGTH));
    expect(parseTracestate(twoMembers(TRACESTATE_MAX_LENGTH + 1))).toBeUndefined();
    // Whitespace that is removed does not count.
    expect(parseTracestate(`   ${twoMembers(TRACESTATE_MAX_LENGTH)}   `)).toBe(twoMembers(TRACESTATE_MAX_LENGTH));
  });
});

describe('ids and formatting', () => {
  it('makes random lowercase hex ids of the right length, never all zero, never repeated', () => {
    const traces = new Set<string>();
    const spans = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const t = newTraceId();
      const s = newSpanId();
      expect(t).toMatch(/^[0-9a-f]{32}$/);
      expect(s).toMatch(/^[0-9a-f]{16}$/);
      expect(t).not.toBe('0'.repeat(32));
      expect(s).not.toBe('0'.repeat(16));
      traces.add(t);
      spans.add(s);
    }
    expect(traces.size).toBe(200);
    expect(spans.size).toBe(200);
  });

  it('formats version 00 and round-trips through the parser', () => {
    expect(formatTraceparent(TRACE, PARENT, true)).toBe(`00-${TRACE}-${PARENT}-01`);
    expect(formatTraceparent(TRACE, PARENT, false)).toBe(`00-${TRACE}-${PARENT}-00`);
    const t = newTraceId();
    const s = newSpanId();
    expect(parseTraceparent(formatTraceparent(t, s, true))).toEqual({ version: '00', traceId: t, parentId: s, flags: 1, sampled: true });
  });

  it('refuses ids that are not valid, naming what was expected', () => {
    expect(() => formatTraceparent(TRACE.toUpperCase(), PARENT, true)).toThrow(/32 lowercase hex/);
    expect(() => formatTraceparent('0'.repeat(32), PARENT, true)).toThrow(/not all zero/);
    expect(() => formatTraceparent(TRACE, 'abc', true)).toThrow(/span id of 16 lowercase hex/);
  });
});
