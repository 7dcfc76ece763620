/**
 * What every capability probe shares: sending a chat request through the recorder (or the openai SDK
 * over the recorder's fetch), recognising the gateway's honest "provider not implemented" answer (a 501
 * that ends the probe as `unimplemented`), and reading a completion with its contract violations.
 */
import OpenAI from 'openai';
import { describeValue, violation, type Violation } from '../../spec/violation.ts';
import { contentTypeViolations, contractViolations, prefixed, statusViolations } from '../assertions.ts';
import type { HttpResult } from '../recorder.ts';
import type { ScenarioContext } from '../scenario.ts';

export const OP = 'createChatCompletion';

type Json = Record<string, any>;

/** The gateway answered 501 provider_not_implemented: the cell is `unimplemented`, with its message. */
export class ProviderNotImplemented extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'ProviderNotImplemented';
  }
}

function errorOf(json: unknown): { message?: unknown; code?: unknown; param?: unknown } | undefined {
  const error = (json as { error?: unknown } | undefined)?.error;
  return typeof error === 'object' && error !== null ? (error as Json) : undefined;
}

function notImplementedGuard(status: number, json: unknown): void {
  const error = errorOf(json);
  if (status === 501 && error?.code === 'provider_not_implemented') {
    throw new ProviderNotImplemented(`provider_not_implemented: ${typeof error.message === 'string' ? error.message : 'the gateway does not implement this provider'}`);
  }
}

/** POST /chat/completions through the recorder; a 501 provider_not_implemented ends the probe. */
export async function postChat(s: ScenarioContext, body: Json): Promise<HttpResult> {
  const res = await s.recorder.send('POST', '/chat/completions', { body });
  notImplementedGuard(res.status, res.json);
  return res;
}

/** The openai SDK pointed at the target, its exchanges recorded. */
export function sdkClient(s: ScenarioContext): OpenAI {
  return new OpenAI({ apiKey: s.target.key, baseURL: s.target.url, fetch: s.recorder.fetch, maxRetries: 0, timeout: 30_000 });
}

/** An SDK call's error as a violation at `pointer` (a 501 provider_not_implemented ends the probe instead). */
export function sdkErrorViolation(pointer: string, expected: string, error: unknown): Violation {
  if (error instanceof OpenAI.APIError) {
    notImplementedGuard(error.status ?? 0, { error: error.error });
    return violation(pointer, expected, `${error.status ?? 'no status'}: ${describeValue(error.message)}`, 'capability.sdk-error');
  }
  return violation(pointer, expected, `${(error as Error).name}: ${describeValue((error as Error).message)}`, 'capability.sdk-error');
}

/** A non-streamed completion: 200, JSON, valid against the contract. Violations point into the exchange. */
export function completionViolations(res: HttpResult): Violation[] {
  const status = statusViolations(res, 200);
  if (status.length) return status;
  return [...contentTypeViolations(res, 'application/json'), ...contractViolations(OP, res)];
}

export function firstChoice(res: HttpResult): Json | undefined {
  const choices = (res.json as { choices?: unknown } | undefined)?.choices;
  return Array.isArray(choices) && typeof choices[0] === 'object' && choices[0] !== null ? (choices[0] as Json) : undefined;
}

export function usageOf(res: HttpResult): Json | undefined {
  const usage = (res.json as { usage?: unknown } | undefined)?.usage;
  return typeof usage === 'object' && usage !== null ? (usage as Json) : undefined;
}

/** Violations of the n-th exchange of a multi-request probe: "/exchanges/1/body/usage". */
export function atExchange(index: number, violations: Violation[]): Violation[] {
  return prefixed(`/exchanges/${index}`, violations);
}

/** A non-empty string of content, else a violation at `pointer`. */
export function contentViolations(pointer: string, content: unknown): Violation[] {
  return typeof content === 'string' && content.trim().length > 0 ? [] : [violation(pointer, 'a non-empty string of content', describeValue(content), 'capability.content')];
}

/** Parse content as JSON, or a violation saying why not. */
export function parseJsonContent(pointer: string, content: unknown): { value?: unknown; violations: Violation[] } {
  if (typeof content !== 'string') return { violations: [violation(pointer, 'a string holding JSON', describeValue(content), 'capability.json')] };
  try {
    return { value: JSON.parse(content) as unknown, violations: [] };
  } catch (error) {
    return { violations: [violation(pointer, 'content that parses as JSON', `${describeValue(content)} (${(error as Error).message})`, 'capability.json')] };
  }
}

export const isJsonObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One line about a response for `observed`: the status, and the error message when it is one. */
export function statusLine(res: HttpResult): string {
  const error = errorOf(res.json);
  return error ? `${res.status} ${String(error.code ?? '')}: ${String(error.message ?? '')}`.trim() : String(res.status);
}
