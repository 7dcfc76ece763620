/**
 * The `api-version` query parameter Azure OpenAI requires on its dated routes
 * (learn.microsoft.com/azure/ai-foundry/openai/api-version-lifecycle): the GA inference versions and
 * the preview versions still served. The Responses API on the dated route needs 2025-03-01-preview or
 * later; the v1 routes (`/openai/v1/...`) take no version, or `preview` / `latest`.
 * Missing on a dated route → Azure's 404 "Resource not found"; unknown → 400 "API version not supported".
 */

export const GA_API_VERSIONS = ['2022-12-01', '2023-05-15', '2024-02-01', '2024-06-01', '2024-10-21'] as const;

export const PREVIEW_API_VERSIONS = [
  '2023-06-01-preview', '2023-10-01-preview', '2024-08-01-preview', '2024-09-01-preview', '2024-10-01-preview',
  '2024-12-01-preview', '2025-01-01-preview', '2025-02-01-preview', '2025-03-01-preview', '2025-04-01-preview',
] as const;

export const V1_API_VERSIONS = ['preview', 'latest'] as const;

const DATED = new Set<string>([...GA_API_VERSIONS, ...PREVIEW_API_VERSIONS]);

export function isDatedApiVersion(version: string): boolean {
  return DATED.has(version);
}

/** The dated Responses route exists from 2025-03-01-preview on. */
export function servesResponses(version: string): boolean {
  return version.endsWith('-preview') && version >= '2025-03-01-preview';
}

export function isV1ApiVersion(version: string): boolean {
  return (V1_API_VERSIONS as readonly string[]).includes(version);
}
