/**
 * Perplexity (https://api.perplexity.ai — chat at /chat/completions, no /v1), from its own documentation:
 * - https://docs.perplexity.ai/api-reference/chat-completions-post — `citations`, `search_results` ({title,url,date})
 *   and usage `search_context_size`, `citation_tokens`, `num_search_queries`, `reasoning_tokens`; sonar models.
 * - https://docs.perplexity.ai/guides (OpenAI compatibility) — standard parameters plus `search_domain_filter`,
 *   `search_recency_filter`, `return_images`, `return_related_questions`, `search_mode`; no models endpoint.
 * - Tools are refused: 400 "Tool calling is not supported for this model" (github.com/pipecat-ai/pipecat/pull/4862).
 * - Error bodies `{"error":{"message","type","code":<status number>}}`: unknown model is a 400 `invalid_model`
 *   (github.com/hex/llm-perplexity/issues/19), validation is a 400 whose message lists "At body -> …" items
 *   (github.com/BerriAI/litellm/issues/11665), messages must alternate after the system message(s)
 *   (github.com/serac-labs/serac/issues/53); a bad key gets openresty's HTML 401 page
 *   (github.com/perplexityai/api-discussion/issues/281).
 * - Streams: every chunk is `object: "chat.completion"` with the choice's cumulative `message` beside its
 *   `delta`, and carries `usage` and `citations` (community.perplexity.ai/t/…/1165).
 * - sonar-reasoning models think in `<think>` tags inside content.
 * Keys start with `pplx-`.
 */
import type { Rng } from '../../determinism.ts';
import type { ModelRow, ProviderProfile } from '../profile.ts';
import { ProviderError } from '../profile.ts';
import { envelope } from '../errors.ts';
import { keyWithPrefix, uuid } from './shared.ts';

const DOCS = 'https://docs.perplexity.ai/api-reference/chat-completions-post';

const models: ModelRow[] = [
  { id: 'sonar', created: 1737936000, ownedBy: 'perplexity' },
  { id: 'sonar-pro', created: 1737936000, ownedBy: 'perplexity' },
  { id: 'sonar-reasoning', created: 1738540800, ownedBy: 'perplexity', reasoning: { display: 'think' } },
  { id: 'sonar-reasoning-pro', created: 1740700800, ownedBy: 'perplexity', reasoning: { display: 'think' } },
  { id: 'sonar-deep-research', created: 1739404800, ownedBy: 'perplexity', reasoning: { display: 'think', efforts: ['low', 'medium', 'high'] } },
];

const error = (status: number, message: string, type: string) => envelope(status, { message, type, code: status });

const HTML_401 = '<html>\r\n<head><title>401 Authorization Required</title></head>\r\n<body>\r\n<center><h1>401 Authorization Required</h1></center>\r\n<hr><center>openresty/1.27.4</center>\r\n</body>\r\n</html>\r\n';

const ALTERNATION = 'After the (optional) system message(s), user or tool message(s) should alternate with assistant message(s).';

function roleProblem(messages: Record<string, unknown>[]): string | undefined {
  const turns = messages.filter((m, i) => !(m.role === 'system' && messages.slice(0, i).every((p) => p.role === 'system')));
  let expectUser = true;
  for (const m of turns) {
    const userSide = m.role === 'user' || m.role === 'tool';
    if (m.role === 'tool' && !expectUser) continue; // several tool results answer one assistant turn
    if (userSide !== expectUser) return ALTERNATION;
    expectUser = !expectUser;
  }
  const last = turns[turns.length - 1];
  return last && last.role !== 'user' && last.role !== 'tool' ? 'Last message must have role `user` or `tool`.' : undefined;
}

function searchResults(rng: (label: string) => Rng): { title: string; url: string; date: string }[] {
  const r = rng('search-results');
  const topics = ['garden', 'river', 'library', 'signal', 'harbor', 'network', 'village', 'archive', 'bridge', 'compass'];
  return Array.from({ length: r.int(3, 5) }, (_, i) => {
    const topic = r.pick(topics);
    return { title: `The ${topic} report, part ${i + 1}`, url: `https://www.example.org/${topic}/${r.hex(8)}`, date: `2024-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}` };
  });
}

export const perplexity: ProviderProfile = {
  name: 'perplexity',
  baseURL: 'https://api.perplexity.ai',
  docs: DOCS,
  acceptsKey: keyWithPrefix('pplx-'),
  models,
  defaultModel: 'sonar',
  modelList: 'none',
  extraParams: [
    'search_domain_filter', 'search_recency_filter', 'search_after_date_filter', 'search_before_date_filter', 'return_images',
    'return_related_questions', 'search_mode', 'web_search_options', 'top_k', 'disable_search', 'enable_search_classifier',
  ],
  rejectParams(body) {
    const problem = roleProblem(body.messages as Record<string, unknown>[]);
    return problem ? error(400, problem, 'invalid_message') : undefined;
  },
  reasoningField: 'reasoning',
  streamUsage: { placement: 'every', when: 'always' },
  toolCallDeltas: 'incremental',
  chunkObject: 'chat.completion',
  maxN: 1,
  cache: { minTokens: 1024, block: 128, ttlMs: 5 * 60_000 },
  rateLimit: { status: 429, message: 'Rate limit exceeded. Please slow down your requests.', type: 'rate_limit_exceeded', param: null, code: null },
  completionId: (rng) => uuid(rng),
  errors: {
    auth: () => new ProviderError(401, HTML_401, 'text/html'),
    malformed: (issue) => {
      const where = issue.kind === 'json' ? 'At body' : `At body -> ${issue.param.replace(/\./g, ' -> ')}`;
      const words = issue.kind === 'json' ? 'JSON decode error' : issue.kind === 'missing' ? 'Field required'
        : issue.expected === 'array' ? 'Input should be a valid list' : issue.expected === 'non-empty array' ? 'List should have at least 1 item after validation, not 0'
          : issue.expected === 'object' ? 'Input should be a valid dictionary' : 'Input should be a valid string';
      return error(400, JSON.stringify([`${where}: ${words}`]), 'bad_request');
    },
    invalid: (message) => error(400, message, 'invalid_parameter'),
    modelNotFound: (model) => error(400, `Invalid model '${model}'. Permitted models can be found in the documentation at https://docs.perplexity.ai/guides/model-cards.`, 'invalid_model'),
    unknownParam: () => 'ignore',
    unsupported: ({ param, value }) => param === 'tools'
      ? error(400, 'Tool calling is not supported for this model', 'invalid_parameter')
      : error(400, `${param}${value === undefined ? '' : ` '${String(value)}'`} is not supported for this model`, 'invalid_parameter'),
    notFound: () => error(404, 'Not Found', 'not_found'),
    render: (e) => JSON.stringify({ error: { message: e.message, type: e.type, code: e.status } }),
  },
  usage: (base, { reasoningTokens, caching, cachedTokens, rng }) => ({
    ...base,
    search_context_size: 'low',
    citation_tokens: rng.int(200, 900),
    num_search_queries: 1,
    ...(reasoningTokens ? { reasoning_tokens: reasoningTokens } : {}),
    ...(caching ? { prompt_tokens_details: { cached_tokens: cachedTokens } } : {}),
  }),
  decorateCompletion(body, ctx) {
    const results = searchResults(ctx.rng);
    body.citations = results.map((r) => r.url);
    body.search_results = results;
  },
  decorateChunk(chunk, ctx) {
    const results = searchResults(ctx.rng);
    chunk.citations = results.map((r) => r.url);
    chunk.search_results = results;
    const hasTools = Array.isArray(ctx.body.tools) && ctx.body.tools.length > 0;
    for (const choice of chunk.choices as Record<string, unknown>[]) {
      const index = choice.index as number;
      choice.delta = { role: 'assistant', ...(choice.delta as Record<string, unknown>) };
      // The cumulative message would clobber the client's accumulated tool calls; Perplexity has none.
      if (!hasTools) choice.message = { role: 'assistant', content: ctx.cumulative[index] ?? '' };
    }
  },
  headers: (rng) => ({ 'cf-ray': `${rng.hex(16)}-SJC` }),
};

