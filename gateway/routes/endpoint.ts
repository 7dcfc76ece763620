/**
 * The three shapes the endpoints beyond chat come in, as route-handler factories, so each API's file
 * only says what is particular to it (its path, its usage, its flags):
 *   jsonEndpoint      — a JSON body whose `model` (if any) routes; the model is rewritten to the bare name.
 *   accountEndpoint   — no body (ids, lists, cancels): `x-tfy-provider-name` routes.
 *   multipartEndpoint — a multipart/form-data upload streamed through (gateway/multipart), its `model`
 *                       field routing and rewritten on the way.
 * Every one resolves the target and admits it on the exchange before the upstream call starts.
 */
import type { GatewayContext } from '../app.ts';
import { readJsonObject, withModelText } from '../http.ts';
import { openMultipart } from '../multipart/index.ts';
import { callUpstream, relayAnswer, type RelayOptions } from './forward.ts';
import type { RouteHandler } from './index.ts';
import { admitTarget, providerHeader, resolveTarget, routeRequest, withUpstreamModel, type Endpoint, type Target } from './target.ts';

/** Longest `model` form field the multipart rewriter holds. */
export const MAX_MODEL_FIELD_BYTES = 1024;

export interface JsonEndpointSpec {
  endpoint: Endpoint;
  /** The upstream path below the API root, e.g. `/embeddings`. */
  path: string;
  relay?: RelayOptions;
  /** Look at the parsed body before routing (e.g. mark the exchange as streamed or free). */
  prepare?(ctx: GatewayContext, body: Record<string, unknown>): void;
}

export function jsonEndpoint(spec: JsonEndpointSpec): RouteHandler {
  return async (request, ctx) => {
    const body = await readJsonObject(request, ctx.config.maxBodyBytes);
    spec.prepare?.(ctx, body);
    const target = await routeRequest(ctx, request, spec.endpoint, body.model);
    const text = target.model === undefined ? undefined : withModelText(body, target.model);
    const upstream = await callUpstream(ctx, request, target, { method: 'POST', path: spec.path, ...(text !== undefined ? { jsonText: text } : { json: withUpstreamModel(body, target) }) });
    return relayAnswer(ctx, request, target, upstream, spec.relay);
  };
}

export interface AccountEndpointSpec {
  endpoint: Endpoint;
  method: 'GET' | 'POST' | 'DELETE';
  /** The upstream path from the (URL-encoded) path parameters. */
  path(params: string[]): string;
  relay?: RelayOptions;
}

export function accountEndpoint(spec: AccountEndpointSpec): RouteHandler {
  return async (request, ctx, params) => {
    const target = await routeRequest(ctx, request, spec.endpoint, undefined);
    const upstream = await callUpstream(ctx, request, target, { method: spec.method, path: spec.path(params.map(encodeURIComponent)) });
    return relayAnswer(ctx, request, target, upstream, spec.relay);
  };
}

export interface MultipartEndpointSpec {
  endpoint: Endpoint;
  path: string;
  relay?: RelayOptions;
}

/**
 * Model-bound uploads (and any upload without the provider header) are read ahead until the `model`
 * part has ended — routing and access control need the model before the upstream call — bounded by
 * max_body_bytes. Other uploads routed by the header (files) start forwarding at once.
 */
export function multipartEndpoint(spec: MultipartEndpointSpec): RouteHandler {
  const { endpoint } = spec;
  return async (request, ctx) => {
    const header = providerHeader(request.headers);
    const readAhead = endpoint.modelBound || header === undefined;
    let target: Target | undefined = readAhead ? undefined : resolveTarget(ctx.config, endpoint, header, undefined);
    const upload = await openMultipart(request, {
      maxBodyBytes: ctx.config.maxBodyBytes,
      readAhead,
      field: {
        name: 'model',
        maxBytes: MAX_MODEL_FIELD_BYTES,
        rewrite(value) {
          const resolved = resolveTarget(ctx.config, endpoint, header, value);
          target ??= resolved;
          return resolved.model ?? value;
        },
      },
    });
    // No model field: the header decides (or the request is a 400 missing_provider).
    target ??= resolveTarget(ctx.config, endpoint, header, undefined);
    try {
      await admitTarget(ctx, endpoint, target);
    } catch (error) {
      await upload.body.cancel(error).catch(() => {});
      throw error;
    }
    const upstream = await callUpstream(ctx, request, target, {
      method: 'POST', path: spec.path, body: upload.body,
      contentType: request.headers.get('content-type')!,
      failure: () => upload.failure,
    });
    return relayAnswer(ctx, request, target, upstream, spec.relay);
  };
}
