/**
 * Error-body builders the provider tables share: the OpenAI-style `{"error":{...}}` envelope (with
 * each provider's own key set), FastAPI/pydantic `{"detail":[...]}` validation bodies (DeepInfra,
 * AI21), a flat body (Cerebras, xAI), and the "did you mean" hint Groq adds to unknown properties.
 * The builders only format; which words and statuses a provider uses live in its own table.
 */
import type { Malformed } from './profile.ts';
import { ProviderError } from './profile.ts';

export function jsonError(status: number, body: unknown, headers: Record<string, string> = {}): ProviderError {
  return new ProviderError(status, JSON.stringify(body), 'application/json', headers);
}

/** `{"error": fields}` with the keys in the order given (providers differ in which keys they send). */
export function envelope(status: number, fields: Record<string, unknown>): ProviderError {
  return jsonError(status, { error: fields });
}

interface PydanticItem {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

/** FastAPI's 422 body for request validation (pydantic v2 wording). */
export function pydantic(items: PydanticItem[], status = 422): ProviderError {
  return jsonError(status, { detail: items });
}

/** A `response_format.type` outside the provider's literal set (FastAPI providers without json_schema). */
export function pydanticFormatLiteral(value: unknown): ProviderError {
  return pydantic([{ type: 'literal_error', loc: ['body', 'response_format', 'type'], msg: "Input should be 'text' or 'json_object'", input: value, ctx: { expected: "'text' or 'json_object'" } }]);
}

const PYDANTIC_TYPES: Record<NonNullable<Malformed['expected']>, { type: string; msg: string }> = {
  array: { type: 'list_type', msg: 'Input should be a valid list' },
  'non-empty array': { type: 'too_short', msg: 'List should have at least 1 item after validation, not 0' },
  string: { type: 'string_type', msg: 'Input should be a valid string' },
  object: { type: 'dict_type', msg: 'Input should be a valid dictionary' },
};

/** A malformed body as one pydantic item (FastAPI validates the body before the route runs). */
export function pydanticItem(issue: Malformed): PydanticItem {
  if (issue.kind === 'json') return { type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {}, ctx: { error: 'Expecting value' } };
  if (issue.kind === 'missing') return { type: 'missing', loc: ['body', issue.param], msg: 'Field required', input: issue.body ?? {} };
  const { type, msg } = PYDANTIC_TYPES[issue.expected ?? 'string'];
  return { type, loc: ['body', issue.param], msg, input: issue.value ?? null };
}

/** A malformed body in plain words, for providers whose messages are sentences. */
export function malformedSentence(issue: Malformed): string {
  if (issue.kind === 'json') return 'Invalid JSON body: the request body could not be parsed as JSON.';
  if (issue.kind === 'missing') return `Missing required parameter: '${issue.param}'.`;
  const expected = issue.expected === 'non-empty array' ? 'a non-empty array' : `${issue.expected === 'array' || issue.expected === 'object' ? 'an' : 'a'} ${issue.expected ?? 'string'}`;
  return `Invalid type for '${issue.param}': expected ${expected}.`;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** The known name closest to `name` when it is plausibly a typo or a sibling (Groq's "did you mean"). */
export function closestName(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of known) {
    const score = distance(name, candidate);
    const related = candidate.startsWith(name.split('_')[0]!) || name.startsWith(candidate.split('_')[0]!);
    if ((score <= 3 || related) && score < bestScore) { best = candidate; bestScore = score; }
  }
  return best;
}

/** Mask a key the way xAI echoes it: first two characters, `***`, last two. */
export function maskShort(key: string): string {
  return key.length <= 4 ? '***' : `${key.slice(0, 2)}***${key.slice(-2)}`;
}
