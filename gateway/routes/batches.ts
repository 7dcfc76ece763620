/**
 * The Batch API, routed by `x-tfy-provider-name`: create (JSON passed through; the models inside the
 * uploaded JSONL are the upstream's own names and are not rewritten), list, retrieve, cancel.
 */
import { accountEndpoint, jsonEndpoint } from './endpoint.ts';
import type { Endpoint } from './target.ts';

const endpoint: Endpoint = { api: 'batches', label: 'the Batch API', modelBound: false };

export const createBatch = jsonEndpoint({ endpoint, path: '/batches' });
export const listBatches = accountEndpoint({ endpoint, method: 'GET', path: () => '/batches' });
export const getBatch = accountEndpoint({ endpoint, method: 'GET', path: ([id]) => `/batches/${id}` });
export const cancelBatch = accountEndpoint({ endpoint, method: 'POST', path: ([id]) => `/batches/${id}/cancel` });
