/**
 * Azure OpenAI as registry rows: upstream `azure-openai`, standing in for
 * https://touchstone.openai.azure.com — a made-up resource name (`touchstone`) on Azure's real host
 * pattern `<resource>.openai.azure.com`. Its paths start at the host (`/openai/...`), so the loopback
 * server mounts it at `/azure-openai` and a gateway's Azure endpoint is `<server>/azure-openai`.
 */
import type { UpstreamDefinition } from '../registry.ts';
import { AZURE_REAL_BASE_URL, createAzureOpenAISimulator } from './index.ts';

export const azureOpenAIUpstreams: readonly UpstreamDefinition[] = [
  {
    name: 'azure-openai',
    provider: 'azure-openai',
    realBaseURL: AZURE_REAL_BASE_URL,
    create: (options = {}) => createAzureOpenAISimulator({ ...options, name: 'azure-openai' }),
  },
];
