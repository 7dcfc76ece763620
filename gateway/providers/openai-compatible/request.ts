/**
 * OpenAI request → OpenAI-compatible upstream request. The body is forwarded as the client sent it —
 * unknown parameters included, values never clamped — with the bare upstream model, after the
 * capability gate (capabilities.ts). The few documented differences applied (quirks.ts):
 *   - `developer` messages become `system` for providers that document no developer role;
 *   - `cache_control` markers (the gateway's explicit-caching convention) are removed for providers
 *     that cache prompt prefixes automatically — there is no explicit breakpoint to map them to, and
 *     strict validators (Groq) refuse unknown properties; where the matrix says the provider does not
 *     cache, the gate has already refused them;
 *   - `prompt_cache_key` goes to the provider's conversation-cache header where one is documented (xAI).
 */
import type { ChatBody, ChatContext, UpstreamHttpRequest } from '../types.ts';
import { assertCapabilities, cachesAutomatically } from './capabilities.ts';
import type { ProviderQuirks } from './quirks.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function withoutCacheControl<T>(value: T): T {
  if (!isObject(value) || !('cache_control' in value)) return value;
  const { cache_control: _marker, ...rest } = value;
  return rest as T;
}

function translateMessage(message: unknown, quirks: ProviderQuirks, stripCacheMarkers: boolean): unknown {
  if (!isObject(message)) return message; // malformed: the upstream answers for it
  let out: Json = stripCacheMarkers ? withoutCacheControl(message) : message;
  if (stripCacheMarkers && Array.isArray(out.content)) out = { ...out, content: out.content.map((part) => withoutCacheControl(part)) };
  if (quirks.developerAsSystem && out.role === 'developer') out = { ...out, role: 'system' };
  return out;
}

export function buildChatRequest(body: ChatBody, ctx: ChatContext, quirks: ProviderQuirks): UpstreamHttpRequest {
  assertCapabilities(body, quirks);
  const stripCacheMarkers = cachesAutomatically(quirks);
  const upstream: Json = { ...body, model: ctx.model };
  if (Array.isArray(body.messages)) upstream.messages = body.messages.map((m) => translateMessage(m, quirks, stripCacheMarkers));
  if (stripCacheMarkers && Array.isArray(body.tools)) upstream.tools = body.tools.map((tool) => withoutCacheControl(tool));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: ctx.stream ? 'text/event-stream' : 'application/json',
    authorization: `Bearer ${ctx.account.apiKey}`,
    'x-request-id': ctx.requestId,
  };
  if (quirks.promptCacheKeyHeader && typeof body.prompt_cache_key === 'string') {
    headers[quirks.promptCacheKeyHeader] = body.prompt_cache_key;
    delete upstream.prompt_cache_key;
  }
  return { url: `${ctx.account.baseURL}${quirks.chatPath}`, headers, body: JSON.stringify(upstream) };
}
