/**
 * Azure OpenAI's own error bodies — the front door's (APIM) `{"error":{"code","message"}}` for auth,
 * routing, versions and deployments, and the Responsible-AI 400 for a filtered prompt — compact JSON
 * as Azure sends them. Errors raised behind the front (request validation) are OpenAI's envelope,
 * passed through from the OpenAI simulator's handlers. Also the fault layer's renderer.
 */
import { STATUS_PRESETS, type FaultError, type FaultRenderer } from '../faults/index.ts';
import type { PromptFilterResults } from './content-filter.ts';

export class AzureError extends Error {
  constructor(readonly status: number, readonly body: Record<string, unknown>) {
    super(String((body.error as { message?: unknown } | undefined)?.message ?? 'Azure OpenAI error'));
    this.name = 'AzureError';
  }

  toResponse(headers: Record<string, string> = {}): Response {
    return new Response(JSON.stringify(this.body), { status: this.status, headers: { 'content-type': 'application/json', ...headers } });
  }
}

const front = (status: number, code: string, message: string) => new AzureError(status, { error: { code, message } });
const openaiEnvelope = (status: number, message: string, type: string | null, param: string | null, code: string | null) =>
  new AzureError(status, { error: { message, type, param, code } });

export const CONTENT_FILTER_MESSAGE = "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. "
  + 'Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: '
  + 'https://go.microsoft.com/fwlink/?linkid=2198766';

export const azureErrors = {
  invalidKey: () => front(401, '401',
    'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.'),
  invalidToken: () => front(401, '401',
    'Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.'),
  resourceNotFound: () => front(404, '404', 'Resource not found'),
  apiVersionNotSupported: () => front(400, 'BadRequest', 'API version not supported'),
  deploymentNotFound: () => front(404, 'DeploymentNotFound',
    'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.'),
  /** How the OpenAI service behind Azure refuses a parameter it does not take (capability matrix). */
  unrecognizedArgument: (name: string) => openaiEnvelope(400, `Unrecognized request argument supplied: ${name}`, 'invalid_request_error', null, null),
  contentFilter: (result: PromptFilterResults) => new AzureError(400, {
    error: {
      message: CONTENT_FILTER_MESSAGE, type: null, param: 'prompt', code: 'content_filter', status: 400,
      innererror: { code: 'ResponsibleAIPolicyViolation', content_filter_result: result },
    },
  }),
  rateLimited: (version: string) => front(429, '429',
    `Requests to the ChatCompletions_Create Operation under Azure OpenAI API version ${version} have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 1 second. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.`),
};

/** Status faults: a preset 429 in the APIM front's words, anything else in the OpenAI envelope. */
export const azureFaultRenderer: FaultRenderer = {
  errorBody: (error: FaultError) => {
    if (error.status === 429 && error.message === STATUS_PRESETS.rate_limit.message) return JSON.stringify(azureErrors.rateLimited('2024-10-21').body);
    return JSON.stringify(openaiEnvelope(error.status, error.message, error.type, error.param, error.code).body);
  },
};
