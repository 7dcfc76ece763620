/**
 * The OpenAI service behind Azure's front: the OpenAI simulator's own route handlers for chat
 * completions, embeddings and responses (mocks/openai), called directly — Azure is OpenAI's models
 * behind a different front, so the same handlers produce the bodies, errors and streams. Only the
 * routes are reused, not the OpenAI simulator's outer layers: authentication, faults and the journal
 * are Azure's (a fault marker in a body must not fire twice). State (stored responses, the prompt
 * cache) lives in one OpenAISim per Azure simulator.
 */
import { requestHash } from '../determinism.ts';
import type { JournalEntry } from '../journal.ts';
import { chatRoutes } from '../openai/chat.ts';
import { embeddingsRoutes } from '../openai/embeddings.ts';
import { errors, OpenAIError } from '../openai/errors.ts';
import { baseHeaders } from '../openai/headers.ts';
import { responsesRoutes } from '../openai/responses/index.ts';
import { compileRoute, matchPath, type OpenAISim, type RouteContext } from '../openai/routes.ts';

export interface InnerOptions {
  now: () => number;
  lifecycleNow: () => number;
  chunkDelayMs: number;
  timeScale: number;
}

/** Answers a request for an OpenAI path (`/v1/chat/completions`) with `text` as its body. */
export type InnerOpenAI = (request: Request, path: string, text: string, entry: JournalEntry) => Promise<Response>;

export function createInnerOpenAI(options: InnerOptions): InnerOpenAI {
  const sim: OpenAISim = {
    name: 'azure-openai',
    now: options.now,
    organization: 'azure',
    project: 'azure',
    chunkDelayMs: options.chunkDelayMs,
    timeScale: options.timeScale,
    lifecycleNow: options.lifecycleNow,
    self: () => Promise.reject(new Error('the Azure simulator serves no batch lines')),
    customModels: new Map(),
  };
  const routes = [...chatRoutes(sim), ...embeddingsRoutes(sim), ...responsesRoutes(sim)].map(compileRoute);
  const headers = (hashInput: unknown) => baseHeaders({ hash: requestHash('azure-inner', hashInput), organization: sim.organization, project: sim.project });

  return async (request, path, text, entry) => {
    const method = request.method.toUpperCase();
    const { matches, params } = matchPath(routes, path);
    const route = matches.find((r) => r.method === method);
    if (!route) return errors.invalidUrl(method, path).toResponse();
    const bytes = new TextEncoder().encode(text);
    const ctx: RouteContext = {
      request, method, path, params, query: new URL(request.url).searchParams, text, bytes, entry,
      json() { try { return JSON.parse(text) as unknown; } catch { throw errors.unparsableJson(); } },
      formData: () => Promise.reject(errors.invalidMultipart()),
      headers,
      fail: (error, hashInput = [method, path]) => error.toResponse(headers(hashInput)),
    };
    try {
      return await route.handle(ctx);
    } catch (error) {
      if (error instanceof OpenAIError) return error.toResponse(headers([method, path, text.length]));
      throw error;
    }
  };
}
