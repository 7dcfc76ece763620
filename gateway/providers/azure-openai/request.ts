/**
 * OpenAI chat request → Azure OpenAI request: `POST {baseURL}/openai/deployments/{deployment}/chat/
 * completions?api-version={apiVersion}` with the `api-key` header. The bare model name is the
 * deployment name. The body keeps OpenAI's shape (Azure's wire format is OpenAI's); the gateway only
 * refuses what cannot reach Azure (unknown parameters, parameters Azure lacks, capabilities the matrix
 * says Azure does not offer) and removes the fields it accepts for other providers (thinking blocks,
 * thought signatures, cache markers) that Azure's validation would refuse.
 */
import { capability, type CapabilityCell, type CapabilityColumn } from '../../../spec/capabilities.ts';
import { BadRequestError, UpstreamError } from '../../errors.ts';
import type { ChatBody, ChatContext, UpstreamHttpRequest } from '../types.ts';
import { CAPABILITY_PARAMETERS, GATEWAY_ONLY_FIELDS, REASONING_EFFORT, REQUEST_PARAMETERS } from './mappings.ts';

type Json = Record<string, unknown>;

/** Reads one cell of the capability matrix for azure-openai (injectable for tests). */
export type CapabilityLookup = (column: CapabilityColumn) => CapabilityCell;

const azureCapability: CapabilityLookup = (column) => capability('azure-openai', column);

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

function without(value: Json, fields: readonly string[]): Json {
  const out: Json = {};
  for (const [key, v] of Object.entries(value)) if (!fields.includes(key)) out[key] = v;
  return out;
}

/** 400 for a parameter outside OpenAI's chat request, or one Azure does not have. */
function checkParameters(body: ChatBody): void {
  for (const key of Object.keys(body)) {
    const rule = REQUEST_PARAMETERS[key];
    if (!rule) {
      throw new BadRequestError('unknown_parameter', `Unrecognized request argument supplied: ${key}. It is not a parameter of OpenAI's chat completions request, and the gateway does not map it to Azure OpenAI.`, key);
    }
    if (rule.kind === 'rejected' && body[key] !== undefined) {
      throw new BadRequestError('unsupported_parameter', `Unsupported parameter: '${key}' is not supported by provider azure-openai: ${rule.reason}.`, key);
    }
  }
}

/** 400 when the request uses a capability the matrix does not mark `supported` for Azure OpenAI. */
export function checkCapabilities(body: ChatBody, lookup: CapabilityLookup = azureCapability): void {
  for (const { column, param, uses } of CAPABILITY_PARAMETERS) {
    if (!uses(body)) continue;
    const cell = lookup(column);
    if (cell.state === 'supported') continue;
    const why = cell.state === 'unsupported' ? 'the provider does not offer it' : 'the gateway cannot pass it through';
    throw new BadRequestError('unsupported_parameter', `Provider azure-openai does not support the capability "${column}" (${why}); remove '${param}'.`, param);
  }
}

function translateMessage(message: unknown, i: number): Json {
  if (!isObject(message) || typeof message.role !== 'string') {
    throw new BadRequestError('invalid_type', `Invalid value for 'messages[${i}]': expected an object with a string 'role'.`, `messages[${i}]`);
  }
  const out = without(message, GATEWAY_ONLY_FIELDS.message);
  if (Array.isArray(message.content)) {
    out.content = message.content.map((part) => (isObject(part) ? without(part, GATEWAY_ONLY_FIELDS.contentPart) : part));
  }
  if (Array.isArray(message.tool_calls)) {
    out.tool_calls = message.tool_calls.map((call) => (isObject(call) ? without(call, GATEWAY_ONLY_FIELDS.toolCall) : call));
  }
  return out;
}

export function translateMessages(messages: unknown): Json[] {
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new BadRequestError('invalid_type', "Invalid value for 'messages': expected a non-empty array of messages.", 'messages');
  }
  return messages.map(translateMessage);
}

export function translateTools(tools: unknown): unknown {
  if (!Array.isArray(tools)) return tools; // Azure answers the type error itself
  return tools.map((tool) => (isObject(tool) ? without(tool, GATEWAY_ONLY_FIELDS.tool) : tool));
}

export function mapReasoningEffort(effort: unknown): unknown {
  if (effort === null) return null;
  const mapped = typeof effort === 'string' ? REASONING_EFFORT[effort] : undefined;
  if (mapped === undefined) {
    throw new BadRequestError('invalid_value', `Invalid value for 'reasoning_effort': ${JSON.stringify(effort)}; Azure OpenAI takes ${Object.keys(REASONING_EFFORT).join(', ')}.`, 'reasoning_effort');
  }
  return mapped;
}

/** The Azure request body: OpenAI's, parameter by parameter, in the client's order. */
export function translateBody(body: ChatBody, ctx: ChatContext, lookup: CapabilityLookup = azureCapability): Json {
  checkParameters(body);
  checkCapabilities(body, lookup);
  const out: Json = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === 'model') out.model = ctx.model;
    else if (key === 'messages') out.messages = translateMessages(value);
    else if (key === 'tools') out.tools = translateTools(value);
    else if (key === 'reasoning_effort') out.reasoning_effort = mapReasoningEffort(value);
    else out[key] = value;
  }
  if (!('messages' in out)) translateMessages(undefined);
  return out;
}

export function azureChatURL(ctx: ChatContext): string {
  const { baseURL, apiVersion, name } = ctx.account;
  if (!apiVersion) throw new UpstreamError(502, 'upstream_misconfigured', `Provider account "${name}" has no api_version, which Azure OpenAI requires.`);
  return `${baseURL}/openai/deployments/${encodeURIComponent(ctx.model)}/chat/completions?api-version=${encodeURIComponent(apiVersion)}`;
}

export function buildAzureRequest(body: ChatBody, ctx: ChatContext, lookup: CapabilityLookup = azureCapability): UpstreamHttpRequest {
  const upstreamBody = translateBody(body, ctx, lookup);
  return {
    url: azureChatURL(ctx),
    headers: {
      'content-type': 'application/json',
      accept: ctx.stream ? 'text/event-stream' : 'application/json',
      'api-key': ctx.account.apiKey,
    },
    body: JSON.stringify(upstreamBody),
  };
}
