/**
 * Fine-tuning jobs, routed by `x-tfy-provider-name` (or a `provider_account/model` base model, which is
 * rewritten to the bare name): create, list, retrieve, cancel, events. The base model need not be one
 * the account enables for inference.
 */
import { accountEndpoint, jsonEndpoint } from './endpoint.ts';
import type { Endpoint } from './target.ts';

const endpoint: Endpoint = { api: 'fine_tuning', label: 'the fine-tuning API', modelBound: false };

export const createFineTuningJob = jsonEndpoint({ endpoint, path: '/fine_tuning/jobs' });
export const listFineTuningJobs = accountEndpoint({ endpoint, method: 'GET', path: () => '/fine_tuning/jobs' });
export const getFineTuningJob = accountEndpoint({ endpoint, method: 'GET', path: ([id]) => `/fine_tuning/jobs/${id}` });
export const cancelFineTuningJob = accountEndpoint({ endpoint, method: 'POST', path: ([id]) => `/fine_tuning/jobs/${id}/cancel` });
export const listFineTuningJobEvents = accountEndpoint({ endpoint, method: 'GET', path: ([id]) => `/fine_tuning/jobs/${id}/events` });
