/**
 * The gateway's route table: path templates below the base path (`/api/llm`), the API name spans and
 * logs use, and the handler per method. Path parameters (`{id}`) arrive decoded, in order.
 *
 * Routing of the endpoints beyond chat (target.ts), in order:
 *  1. A gateway model id `provider_account/model_name` in the request's `model` (the JSON field, or the
 *     multipart `model` field) decides the account; the upstream gets the bare model name. If the
 *     `x-tfy-provider-name` header is also sent and names another account → 400 `provider_mismatch`
 *     naming both. (With the header, a `model` whose prefix is no configured account is a bare name.)
 *  2. Otherwise `x-tfy-provider-name: <account>` decides (responses retrieve/delete, files, batches,
 *     fine-tuning, lists). A bare model is passed through as it is; for APIs that run a model
 *     (embeddings, images, audio, moderations, responses create, rerank) the account must enable it
 *     (404 `model_not_found`); fine-tuning's base model and the models inside batch files need not.
 *  3. Neither → 400 `missing_provider` (naming the header and `model`). Unknown account in the header →
 *     404 `provider_account_not_found`; in a model id → 404 `model_not_found` as for chat.
 *     An account whose provider does not serve the API → 400 `unsupported_endpoint` (target.ts
 *     SERVED_BY): openai accounts serve every API here except rerank (OpenAI has none); azure-openai
 *     serves embeddings and responses (api_version 2025-03-01-preview or later); cohere serves rerank.
 *  4. GET /models is answered from the config: every `account/model` the key may use.
 * Every routed request is admitted on the exchange (access 403, limits and budgets 429) before the
 * upstream call: with its model for the APIs that run one, else at account level. Multipart uploads of
 * those APIs are read ahead until their `model` part has ended (bounded by max_body_bytes); uploads
 * routed by the header without a model to wait for (files) are forwarded from the first byte.
 */
import type { GatewayContext } from '../app.ts';
import type { ApiName } from '../exchange.ts';
import { createSpeech, createTranscription, createTranslation } from './audio.ts';
import { cancelBatch, createBatch, getBatch, listBatches } from './batches.ts';
import { chatCompletions } from './chat.ts';
import { createEmbeddings } from './embeddings.ts';
import { deleteFile, getFile, getFileContent, listFiles, uploadFile } from './files.ts';
import { cancelFineTuningJob, createFineTuningJob, getFineTuningJob, listFineTuningJobEvents, listFineTuningJobs } from './fine-tuning.ts';
import { createImageVariations, editImages, generateImages } from './images.ts';
import { listModels } from './models.ts';
import { createModeration } from './moderations.ts';
import { rerankDocuments } from './rerank.ts';
import { createResponse, deleteResponse, getResponse } from './responses.ts';

export type RouteHandler = (request: Request, ctx: GatewayContext, params: string[]) => Promise<Response>;
export interface RouteSpec { api: ApiName; path: string; methods: Record<string, RouteHandler> }

export const routes: RouteSpec[] = [
  { api: 'chat', path: '/chat/completions', methods: { POST: chatCompletions } },
  { api: 'embeddings', path: '/embeddings', methods: { POST: createEmbeddings } },
  { api: 'responses', path: '/responses', methods: { POST: createResponse } },
  { api: 'responses', path: '/responses/{response_id}', methods: { GET: getResponse, DELETE: deleteResponse } },
  { api: 'images', path: '/images/generations', methods: { POST: generateImages } },
  { api: 'images', path: '/images/edits', methods: { POST: editImages } },
  { api: 'images', path: '/images/variations', methods: { POST: createImageVariations } },
  { api: 'audio', path: '/audio/speech', methods: { POST: createSpeech } },
  { api: 'audio', path: '/audio/transcriptions', methods: { POST: createTranscription } },
  { api: 'audio', path: '/audio/translations', methods: { POST: createTranslation } },
  { api: 'batches', path: '/batches', methods: { POST: createBatch, GET: listBatches } },
  { api: 'batches', path: '/batches/{batch_id}', methods: { GET: getBatch } },
  { api: 'batches', path: '/batches/{batch_id}/cancel', methods: { POST: cancelBatch } },
  { api: 'files', path: '/files', methods: { GET: listFiles, POST: uploadFile } },
  { api: 'files', path: '/files/{file_id}', methods: { GET: getFile, DELETE: deleteFile } },
  { api: 'files', path: '/files/{file_id}/content', methods: { GET: getFileContent } },
  { api: 'moderations', path: '/moderations', methods: { POST: createModeration } },
  { api: 'fine_tuning', path: '/fine_tuning/jobs', methods: { POST: createFineTuningJob, GET: listFineTuningJobs } },
  { api: 'fine_tuning', path: '/fine_tuning/jobs/{fine_tuning_job_id}', methods: { GET: getFineTuningJob } },
  { api: 'fine_tuning', path: '/fine_tuning/jobs/{fine_tuning_job_id}/cancel', methods: { POST: cancelFineTuningJob } },
  { api: 'fine_tuning', path: '/fine_tuning/jobs/{fine_tuning_job_id}/events', methods: { GET: listFineTuningJobEvents } },
  { api: 'models', path: '/models', methods: { GET: listModels } },
  { api: 'rerank', path: '/rerank', methods: { POST: rerankDocuments } },
];
