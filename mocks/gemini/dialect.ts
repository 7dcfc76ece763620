/**
 * One generateContent implementation serves two APIs: the Gemini API (generativelanguage) and Vertex
 * AI (aiplatform). What differs between them is data, gathered here as a `Dialect`: the request
 * descriptor (Vertex has a few more fields), whether `role` is required, how answers are shaped
 * (`index` and key order of candidates, Vertex's `createTime` / `trafficType`), the wording of
 * range and thinking errors, and the bodies of fault answers (429/500/503). `GEMINI_DIALECT` is the
 * Gemini API's; mocks/vertex/dialect.ts builds Vertex's from the same pieces.
 */
import type { MatrixProvider } from '../../spec/capabilities.ts';
import { GoogleError, validationError } from './errors.ts';
import { GEMINI_DESCRIPTOR, type Descriptor } from './proto.ts';

export interface FaultAnswer { message: string; details?: readonly unknown[] }

export interface Dialect {
  /** The capability-matrix row this API honours. */
  provider: Extract<MatrixProvider, 'gemini' | 'vertex'>;
  /** Prefix of message/enum type names in parse errors. */
  typePrefix: string;
  descriptor: Descriptor;
  /** Vertex refuses contents without a role; the Gemini API reads a missing role as `user`. */
  roleRequired: boolean;
  /** Render candidate `index: 0` (Gemini does; Vertex omits the proto3 default). */
  indexZero: boolean;
  /** Content key order `{role, parts}` (Vertex) instead of `{parts, role}` (Gemini). */
  roleFirst: boolean;
  /** `createTime`, `usageMetadata.trafficType`, `candidatesTokensDetails`, `finishMessage` (Vertex). */
  vertexExtras: boolean;
  /** A numeric generation parameter outside its range. */
  outOfRange(field: string, value: number, min: number, max: number): GoogleError;
  /** thinkingConfig sent to a model that does not think. */
  thinkingUnsupported(): GoogleError;
  /** Gemini 3: the current turn's function call came back without its thought signature. */
  signatureMissing(name: string, contentIndex: number): GoogleError;
  /** Bodies of fault answers by status, replacing the fault layer's provider-neutral defaults. */
  faultAnswers: Readonly<Record<number, FaultAnswer>>;
}

const camel = (snake: string): string => snake.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

export const GEMINI_DIALECT: Dialect = {
  provider: 'gemini',
  typePrefix: 'google.ai.generativelanguage.v1beta.',
  descriptor: GEMINI_DESCRIPTOR,
  roleRequired: false,
  indexZero: true,
  roleFirst: false,
  vertexExtras: false,
  outOfRange: (field, value, min, max) => validationError('GenerateContentRequest', [{
    field: `generation_config.${field}`, description: `${field} must be in the range [${min}, ${max}], got ${value}`,
  }]),
  thinkingUnsupported: () => new GoogleError(400, 'thinking_config is not supported.'),
  signatureMissing: (name, contentIndex) => new GoogleError(400,
    `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing `
    + `thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${name}\`, position ${contentIndex}. `
    + 'Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.'),
  faultAnswers: {
    429: {
      message: 'You exceeded your current quota, please check your plan and billing details. For more information on this error, '
        + 'head to: https://ai.google.dev/gemini-api/docs/rate-limits. To monitor your current usage, head to: https://ai.dev/usage?tab=rate-limit. ',
      details: [
        { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaMetric: 'generativelanguage.googleapis.com/generate_content_requests', quotaId: 'GenerateRequestsPerMinutePerProjectPerModel' }] },
        { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description: 'Learn more about Gemini API quotas', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }] },
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1s' },
      ],
    },
    500: { message: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting' },
    503: { message: 'The model is overloaded. Please try again later.' },
    504: { message: 'The request timed out. Please try again.' },
  },
};

/** Vertex's wording for a value outside its range ("from min (inclusive) to max (exclusive)"). */
export function vertexOutOfRange(field: string, value: number, min: number, max: number): GoogleError {
  const exclusive = Number.isInteger(max) && Number.isInteger(min) && field !== 'temperature' && field !== 'top_p' ? max + 1 : Number((max + 0.0001).toFixed(4));
  return new GoogleError(400, `Unable to submit request because it has a ${camel(field)} value of ${value} but the supported range is `
    + `from ${min} (inclusive) to ${exclusive} (exclusive). Update the value and try again.`);
}
