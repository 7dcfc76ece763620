/**
 * The pieces under the limiter: the config schema fragment (as the core compiles it, with ajv), window
 * arithmetic on the UTC calendar, nano-dollar conversion, OpenAI's reset-duration notation.
 */
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { checkLimitRules, limitsConfigSchema } from './config.ts';
import { formatResetDuration } from './duration.ts';
import { formatUsd, toNanoUsd } from './money.ts';
import { windowAt } from './windows.ts';

describe('limitsConfigSchema', () => {
  const validate = new Ajv({ allErrors: true }).compile({ type: 'object', additionalProperties: false, properties: limitsConfigSchema });

  it("accepts the brief's example", () => {
    const config = {
      rate_limits: [{
        id: 'demo-rpm',
        when: { keys: ['demo'], teams: ['search'], models: ['openai-main/gpt-4o-mini', 'anthropic-main/*'] },
        unit: 'requests_per_minute', limit_to: 60, per: ['key'],
      }],
      budgets: [{ id: 'demo-daily', when: { keys: ['demo'] }, unit: 'cost_per_day', limit_to: 5.0, per: ['key'] }],
    };
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    expect(checkLimitRules(config.rate_limits as never, config.budgets as never)).toEqual([]);
  });

  it.each([
    ['an unknown property', { rate_limits: [{ id: 'a', unit: 'requests_per_minute', limit_to: 1, burst: 2 }] }, '/rate_limits/0'],
    ['an id with capitals', { rate_limits: [{ id: 'Demo', unit: 'requests_per_minute', limit_to: 1 }] }, '/rate_limits/0/id'],
    ['a fractional request limit', { rate_limits: [{ id: 'a', unit: 'requests_per_minute', limit_to: 1.5 }] }, '/rate_limits/0/limit_to'],
    ['a negative budget', { budgets: [{ id: 'a', unit: 'cost_per_day', limit_to: -1 }] }, '/budgets/0/limit_to'],
    ['a budget with a rate unit', { budgets: [{ id: 'a', unit: 'tokens_per_minute', limit_to: 1 }] }, '/budgets/0/unit'],
    ['a team scope', { rate_limits: [{ id: 'a', unit: 'requests_per_minute', limit_to: 1, per: ['team'] }] }, '/rate_limits/0/per/0'],
    ['a repeated scope', { rate_limits: [{ id: 'a', unit: 'requests_per_minute', limit_to: 1, per: ['key', 'key'] }] }, '/rate_limits/0/per'],
    ['a wildcard that is not account/*', { rate_limits: [{ id: 'a', unit: 'requests_per_minute', limit_to: 1, when: { models: ['openai-main/gpt-*'] } }] }, '/rate_limits/0/when/models/0'],
    ['a model id without an account', { rate_limits: [{ id: 'a', unit: 'requests_per_minute', limit_to: 1, when: { models: ['gpt-4o'] } }] }, '/rate_limits/0/when/models/0'],
    ['a missing unit', { budgets: [{ id: 'a', limit_to: 1 }] }, '/budgets/0'],
  ])('refuses %s', (_, config, path) => {
    expect(validate(config)).toBe(false);
    expect(validate.errors!.map((e) => e.instancePath)).toContain(path);
  });

  it('checkLimitRules finds duplicate ids within a section (sections are separate namespaces)', () => {
    const rule = { id: 'x', unit: 'requests_per_minute', limit_to: 1 } as const;
    const budget = { id: 'x', unit: 'cost_per_day', limit_to: 1 } as const;
    expect(checkLimitRules([rule], [budget])).toEqual([]);
    expect(checkLimitRules([rule], [budget, budget])).toEqual(["/budgets/1/id: expected a unique id, but 'x' is also /budgets/0/id"]);
  });
});

describe('windowAt', () => {
  it('minutes and hours are aligned to the epoch', () => {
    const t = Date.UTC(2030, 4, 6, 7, 8, 9, 10);
    expect(windowAt('minute', t)).toEqual({ index: Math.floor(t / 60_000), start: Date.UTC(2030, 4, 6, 7, 8), end: Date.UTC(2030, 4, 6, 7, 9) });
    expect(windowAt('hour', t)).toEqual({ index: Math.floor(t / 3_600_000), start: Date.UTC(2030, 4, 6, 7), end: Date.UTC(2030, 4, 6, 8) });
    expect(windowAt('minute', Date.UTC(2030, 4, 6, 7, 9)).index).toBe(windowAt('minute', t).index + 1);
  });

  it('days and months follow the UTC calendar, across year ends and leap Februaries', () => {
    expect(windowAt('day', Date.UTC(2030, 11, 31, 23, 59, 59, 999))).toMatchObject({ start: Date.UTC(2030, 11, 31), end: Date.UTC(2031, 0, 1) });
    expect(windowAt('month', Date.UTC(2030, 11, 31, 23, 59, 59, 999))).toEqual({ index: 2030 * 12 + 11, start: Date.UTC(2030, 11, 1), end: Date.UTC(2031, 0, 1) });
    expect(windowAt('month', Date.UTC(2031, 0, 1)).index).toBe(2030 * 12 + 12);
    expect(windowAt('month', Date.UTC(2028, 1, 29, 12)).end).toBe(Date.UTC(2028, 2, 1));
    expect(windowAt('month', Date.UTC(2100, 1, 28, 12)).end).toBe(Date.UTC(2100, 2, 1)); // 2100 is not a leap year
  });
});

describe('nano-dollars', () => {
  it.each([
    [5, 5_000_000_000],
    [0.000003, 3000],
    [0.1 + 0.2, 300_000_000],
    [1e-7, 100],
    [0.0000000015, 2], // half up
    [0.0000000014999, 1],
    [5e-10, 1],
    [4.9e-10, 0],
    [123.456789012, 123_456_789_012],
    [0, 0],
  ])('toNanoUsd(%s) = %s', (usd, nano) => {
    expect(toNanoUsd(usd)).toBe(nano);
  });

  it('refuses amounts that are not money', () => {
    expect(() => toNanoUsd(-0.01)).toThrow('expected a finite amount of USD >= 0, got -0.01');
    expect(() => toNanoUsd(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it.each([[5_000_000_000, '5.00'], [3000, '0.000003'], [1_250_000_000, '1.25'], [0, '0.00'], [123_456_789_012, '123.456789012']])('formatUsd(%s) = %s', (nano, text) => {
    expect(formatUsd(nano)).toBe(text);
  });
});

describe('formatResetDuration (Go duration notation, as OpenAI sends it)', () => {
  it.each([
    [0, '0s'], [-5, '0s'], [20, '20ms'], [999, '999ms'], [1000, '1s'], [17_280, '17.28s'],
    [60_000, '1m0s'], [360_000, '6m0s'], [90_500, '1m30.5s'], [3_600_000, '1h0m0s'], [3_661_001, '1h1m1.001s'], [0.2, '1ms'],
  ])('%s ms → %s', (ms, text) => {
    expect(formatResetDuration(ms)).toBe(text);
  });
});
