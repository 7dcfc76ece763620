/**
 * The Responses API: create (JSON or, with `stream: true`, an event stream passed through as it
 * arrives), retrieve and delete by id — the latter routed by `x-tfy-provider-name` (seed 002). OpenAI
 * and Azure OpenAI (dated route `/openai/responses?api-version=`) serve it. Usage is the response's
 * `usage` (input, output, cached and reasoning tokens): from the JSON answer, or from the stream's
 * `response.completed` (or failed / incomplete) event. A stream that breaks before one of those ends
 * with a Responses `error` event rather than a silent close.
 */
import { encodeSseJson } from '../../lib/sse.ts';
import { accountEndpoint, jsonEndpoint } from './endpoint.ts';
import { isRecord, responsesUsage } from './forward.ts';
import type { Endpoint } from './target.ts';

const FINAL_EVENTS = new Set(['response.completed', 'response.failed', 'response.incomplete']);
const account: Endpoint = { api: 'responses', label: 'the Responses API', modelBound: false };

export const createResponse = jsonEndpoint({
  endpoint: { api: 'responses', label: 'POST /responses', modelBound: true },
  path: '/responses',
  prepare: (ctx, body) => { ctx.exchange.stream = body.stream === true; },
  relay: {
    usage: (json) => (isRecord(json) ? responsesUsage(json.usage) : undefined),
    sse: {
      usage: (data) => (isRecord(data) && FINAL_EVENTS.has(data.type as string) && isRecord(data.response) ? responsesUsage(data.response.usage) : undefined),
      isTerminal: (data) => isRecord(data) && (FINAL_EVENTS.has(data.type as string) || data.type === 'error'),
      breakOff: (message, lastSequence) => encodeSseJson({
        type: 'error', code: 'upstream_stream_error', message, param: null,
        ...(lastSequence === undefined ? {} : { sequence_number: lastSequence + 1 }),
      }, 'error'),
    },
  },
});

export const getResponse = accountEndpoint({ endpoint: account, method: 'GET', path: ([id]) => `/responses/${id}` });
export const deleteResponse = accountEndpoint({ endpoint: account, method: 'DELETE', path: ([id]) => `/responses/${id}` });
