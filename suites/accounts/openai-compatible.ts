/**
 * Default OpenAI-compatible accounts of the in-process target. Each enables a plain chat model plus the
 * reasoning model (and, for Groq, the caching model) the capability suite needs: Groq caches prompts
 * only on some models (gpt-oss, Kimi K2); xAI's grok-3-mini reasons but refuses `stop`/penalties, so the
 * plain chat model is grok-3; DeepInfra serves Llama 3.3 70B as "-Turbo".
 */
import type { DefaultAccount } from './types.ts';
export const openAICompatibleAccounts: DefaultAccount[] = [
  { upstream: 'groq', chatModel: 'groq-main/llama-3.3-70b-versatile', reasoningModel: 'groq-main/openai/gpt-oss-120b', cachingModel: 'groq-main/openai/gpt-oss-120b', account: { name: 'groq-main', provider: 'groq', api_key: { value: 'gsk_touchstone0001' }, models: ['llama-3.3-70b-versatile', 'openai/gpt-oss-120b', 'qwen/qwen3-32b'].map((name) => ({ name })) } },
  { upstream: 'cerebras', chatModel: 'cerebras-main/llama-3.3-70b', reasoningModel: 'cerebras-main/gpt-oss-120b', account: { name: 'cerebras-main', provider: 'cerebras', api_key: { value: 'csk-touchstone0001' }, models: ['llama-3.3-70b', 'gpt-oss-120b', 'qwen-3-32b'].map((name) => ({ name })) } },
  { upstream: 'sambanova', chatModel: 'sambanova-main/Meta-Llama-3.3-70B-Instruct', reasoningModel: 'sambanova-main/DeepSeek-R1-0528', account: { name: 'sambanova-main', provider: 'sambanova', api_key: { value: 'touchstone-sambanova-0001' }, models: ['Meta-Llama-3.3-70B-Instruct', 'DeepSeek-R1-0528'].map((name) => ({ name })) } },
  { upstream: 'perplexity', chatModel: 'perplexity-main/sonar', reasoningModel: 'perplexity-main/sonar-reasoning-pro', account: { name: 'perplexity-main', provider: 'perplexity', api_key: { value: 'pplx-touchstone0001' }, models: ['sonar', 'sonar-pro', 'sonar-reasoning-pro'].map((name) => ({ name })) } },
  { upstream: 'together', chatModel: 'together-main/meta-llama/Llama-3.3-70B-Instruct-Turbo', reasoningModel: 'together-main/openai/gpt-oss-120b', account: { name: 'together-main', provider: 'together', api_key: { value: 'touchstone-together-0001' }, models: ['meta-llama/Llama-3.3-70B-Instruct-Turbo', 'openai/gpt-oss-120b', 'deepseek-ai/DeepSeek-R1'].map((name) => ({ name })) } },
  { upstream: 'xai', chatModel: 'xai-main/grok-3', reasoningModel: 'xai-main/grok-3-mini', account: { name: 'xai-main', provider: 'xai', api_key: { value: 'xai-touchstone0001' }, models: ['grok-3', 'grok-3-mini', 'grok-4'].map((name) => ({ name })) } },
  { upstream: 'deepinfra', chatModel: 'deepinfra-main/meta-llama/Llama-3.3-70B-Instruct-Turbo', reasoningModel: 'deepinfra-main/deepseek-ai/DeepSeek-R1', account: { name: 'deepinfra-main', provider: 'deepinfra', api_key: { value: 'touchstone-deepinfra-0001' }, models: ['meta-llama/Llama-3.3-70B-Instruct-Turbo', 'deepseek-ai/DeepSeek-R1'].map((name) => ({ name })) } },
  { upstream: 'ai21', chatModel: 'ai21-main/jamba-large', account: { name: 'ai21-main', provider: 'ai21', api_key: { value: 'touchstone-ai21-0001' }, models: ['jamba-large', 'jamba-mini'].map((name) => ({ name })) } },
];
