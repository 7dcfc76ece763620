/**
 * Azure OpenAI's URL shapes, mapped to the OpenAI path behind them:
 *   /openai/deployments/{deployment}/chat/completions?api-version=…   → /v1/chat/completions
 *   /openai/deployments/{deployment}/embeddings?api-version=…         → /v1/embeddings
 *   /openai/responses[/…]?api-version=2025-03-01-preview or later      → /v1/responses[/…]
 *   /openai/v1/responses[/…] · /openai/v1/chat/completions · /openai/v1/embeddings (model = deployment name)
 * On the dated routes `api-version` is required (missing → 404 "Resource not found", unknown → 400
 * "API version not supported"); the v1 routes accept none, `preview` or `latest`.
 */
import { isDatedApiVersion, isV1ApiVersion, servesResponses } from './api-versions.ts';
import { azureErrors, type AzureError } from './errors.ts';

export interface AzureTarget {
  /** The OpenAI path the request is served by. */
  openaiPath: string;
  api: 'chat' | 'embeddings' | 'responses';
  /** The deployment named in the URL (dated deployment routes); otherwise the body's `model` names it. */
  deployment?: string;
  apiVersion: string | null;
}

const DEPLOYMENT = /^\/openai\/deployments\/([^/]+)\/(chat\/completions|embeddings)\/?$/;
const DATED_RESPONSES = /^\/openai\/responses(\/.*)?$/;
const V1 = /^\/openai\/v1\/(chat\/completions|embeddings|responses(?:\/.*)?)$/;

const apiOf = (operation: string): AzureTarget['api'] =>
  operation.startsWith('chat') ? 'chat' : operation.startsWith('embeddings') ? 'embeddings' : 'responses';

/** The target of an Azure URL, or Azure's routing/version error. */
export function resolveTarget(url: URL): AzureTarget | AzureError {
  const version = url.searchParams.get('api-version');
  const path = url.pathname;
  const deployment = DEPLOYMENT.exec(path);
  const dated = DATED_RESPONSES.exec(path);
  if (deployment || dated) {
    if (version === null) return azureErrors.resourceNotFound();
    if (!isDatedApiVersion(version)) return azureErrors.apiVersionNotSupported();
    if (deployment) {
      const operation = deployment[2]!;
      return { openaiPath: `/v1/${operation}`, api: apiOf(operation), deployment: decodeURIComponent(deployment[1]!), apiVersion: version };
    }
    if (!servesResponses(version)) return azureErrors.resourceNotFound();
    return { openaiPath: `/v1/responses${dated![1] ?? ''}`, api: 'responses', apiVersion: version };
  }
  const v1 = V1.exec(path);
  if (v1) {
    if (version !== null && !isV1ApiVersion(version)) return azureErrors.apiVersionNotSupported();
    return { openaiPath: `/v1/${v1[1]!}`, api: apiOf(v1[1]!), apiVersion: version };
  }
  return azureErrors.resourceNotFound();
}
