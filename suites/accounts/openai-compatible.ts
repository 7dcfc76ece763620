/** Default OpenAI-compatible account of the in-process target (adjust models as the translator needs). */
import type { DefaultAccount } from './types.ts';
export const openAICompatibleAccounts: DefaultAccount[] = [
  { upstream: 'groq', chatModel: 'groq-main/llama-3.3-70b-versatile', account: { name: 'groq-main', provider: 'groq', api_key: { value: 'gsk_touchstone0001' }, models: ['llama-3.3-70b-versatile', 'openai/gpt-oss-120b'].map((name) => ({ name })) } },
  { upstream: 'cerebras', chatModel: 'cerebras-main/llama-3.3-70b', account: { name: 'cerebras-main', provider: 'cerebras', api_key: { value: 'csk-touchstone0001' }, models: [{ name: 'llama-3.3-70b' }] } },
  { upstream: 'sambanova', chatModel: 'sambanova-main/Meta-Llama-3.3-70B-Instruct', account: { name: 'sambanova-main', provider: 'sambanova', api_key: { value: 'touchstone-sambanova-0001' }, models: [{ name: 'Meta-Llama-3.3-70B-Instruct' }] } },
  { upstream: 'perplexity', chatModel: 'perplexity-main/sonar', account: { name: 'perplexity-main', provider: 'perplexity', api_key: { value: 'pplx-touchstone0001' }, models: [{ name: 'sonar' }] } },
  { upstream: 'together', chatModel: 'together-main/meta-llama/Llama-3.3-70B-Instruct-Turbo', account: { name: 'together-main', provider: 'together', api_key: { value: 'touchstone-together-0001' }, models: [{ name: 'meta-llama/Llama-3.3-70B-Instruct-Turbo' }] } },
  { upstream: 'xai', chatModel: 'xai-main/grok-3-mini', account: { name: 'xai-main', provider: 'xai', api_key: { value: 'xai-touchstone0001' }, models: ['grok-3-mini', 'grok-4'].map((name) => ({ name })) } },
  { upstream: 'deepinfra', chatModel: 'deepinfra-main/meta-llama/Llama-3.3-70B-Instruct', account: { name: 'deepinfra-main', provider: 'deepinfra', api_key: { value: 'touchstone-deepinfra-0001' }, models: [{ name: 'meta-llama/Llama-3.3-70B-Instruct' }] } },
  { upstream: 'ai21', chatModel: 'ai21-main/jamba-large', account: { name: 'ai21-main', provider: 'ai21', api_key: { value: 'touchstone-ai21-0001' }, models: [{ name: 'jamba-large' }] } },
];
