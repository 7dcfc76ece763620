/**
 * Small guards for reading an OpenAI request body that no schema has validated yet: every wrong type or
 * value becomes a 400 naming the parameter (JSON-pointer-like `messages[2].content[0].image_url.url`),
 * never a TypeError that would leave the gateway as a 500.
 */
import { capability, type CapabilityColumn } from '../../../spec/capabilities.ts';
import { BadRequestError } from '../../errors.ts';

export type Json = Record<string, unknown>;

export const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function invalidType(param: string, expected: string, got: unknown): BadRequestError {
  const seen = got === null ? 'null' : Array.isArray(got) ? 'an array' : typeof got;
  return new BadRequestError('invalid_type', `Invalid type for '${param}': expected ${expected}, got ${seen}.`, param);
}

export function invalidValue(param: string, message: string): BadRequestError {
  return new BadRequestError('invalid_value', `Invalid value for '${param}': ${message}`, param);
}

export function unsupported(param: string, message: string): BadRequestError {
  return new BadRequestError('unsupported_parameter', message, param);
}

export function record(value: unknown, param: string): Json {
  if (!isRecord(value)) throw invalidType(param, 'an object', value);
  return value;
}

export function string(value: unknown, param: string): string {
  if (typeof value !== 'string') throw invalidType(param, 'a string', value);
  return value;
}

export function array(value: unknown, param: string): unknown[] {
  if (!Array.isArray(value)) throw invalidType(param, 'an array', value);
  return value;
}

export function number(value: unknown, param: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidType(param, 'a number', value);
  if (value < min || value > max) throw invalidValue(param, `${value} is outside ${min}..${max} (Anthropic's range; the gateway does not clamp).`);
  return value;
}

export function integer(value: unknown, param: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalidType(param, 'an integer', value);
  if (value < min) throw invalidValue(param, `expected an integer ≥ ${min}, got ${value}.`);
  return value;
}

/** Who is asked: "Anthropic", or "Claude on Vertex AI" (same Messages format, same capability row). */
export interface ProviderLabel { label: string }

/** Refuse a feature the capability matrix says the provider does not offer (or the gateway cannot pass). */
export function requireCapability(column: CapabilityColumn, param: string, feature: string, who: ProviderLabel): void {
  const cell = capability('anthropic', column);
  if (cell.state === 'supported') return;
  const why = cell.note ? ` ${cell.note}` : '';
  throw unsupported(param, `${who.label} does not support ${feature} (capability "${column}" is ${cell.state}).${why}`);
}
