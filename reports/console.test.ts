/** Tests for the console summary: per-target counts, failing cases, colour only on request, terminal-safe text. */
import { describe, expect, it } from 'vitest';
import { renderConsoleSummary } from './console.ts';
import { sampleReport } from './fixtures.ts';

describe('renderConsoleSummary', () => {
  const report = sampleReport();

  it('prints per-target counts, each fail with its first violation, and the verdict, without colour', () => {
    const text = renderConsoleSummary(report, { color: false });
    expect(text).not.toContain('\u001b');
    expect(text).toContain('20 cases in 4.8 s · seed 4242');
    expect(text).toMatch(/reference\s+9 pass, 0 non-strict, 0 fail, 1 informational, 0 unimplemented/);
    expect(text).toMatch(/external\s+3 pass, 1 non-strict, 3 fail, 2 informational, 1 unimplemented/);
    expect(text).toContain('✗ FAIL chat.stream.role-first [openai-sdk, stream] @external: /choices/0/delta/role: expected "assistant", got missing');
    expect(text).toContain('✗ FAIL chat.response.schema [openai-sdk] @external: /usage/total_tokens: expected integer, got "11"');
    expect(text.split('\n').filter((l) => l.includes('✗ FAIL'))).toHaveLength(3);
    expect(text.trimEnd().endsWith('FAIL: 3 failing cases')).toBe(true);
  });

  it('colours with ANSI only when asked', () => {
    const text = renderConsoleSummary(report, { color: true });
    expect(text).toContain('\u001b[31m');
    expect(text).toContain('\u001b[32m');
  });

  it('keeps gateway control characters off the terminal', () => {
    const hostile = sampleReport();
    const failing = hostile.cases.find((c) => c.outcome === 'fail')!;
    failing.violations[0]!.message = 'got \u001b[2J\u001b]0;owned\u0007 and \u0000 and \u009b31m';
    const text = renderConsoleSummary(hostile, { color: false });
    expect(text).toContain('got \\u001b[2J\\u001b]0;owned\\u0007 and \\u0000 and \\u009b31m');
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('caps the failure list when asked, and says PASS for a clean run', () => {
    expect(renderConsoleSummary(report, { maxFailures: 1 })).toContain('… and 2 more failing cases');
    const clean = sampleReport();
    clean.cases = clean.cases.filter((c) => c.outcome !== 'fail');
    clean.summary = { ...clean.summary, ok: true };
    expect(renderConsoleSummary(clean)).toContain('PASS: no MUST check failed');
  });
});
