/**
 * POST /moderations: routed by its model id like chat (no provider header needed), passed through to
 * OpenAI. A free API: the exchange is marked free, so its cost is 0 rather than "not priced".
 */
import { jsonEndpoint } from './endpoint.ts';

export const createModeration = jsonEndpoint({
  endpoint: { api: 'moderations', label: 'POST /moderations', modelBound: true },
  path: '/moderations',
  prepare: (ctx) => { ctx.exchange.free = true; },
});
