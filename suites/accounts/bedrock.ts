/**
 * Default Bedrock account of the in-process target. Models: Claude Sonnet 4.5 through its US inference
 * profile (chat, tools, thinking, prompt caching), Nova Pro (no reasoning), Nova 2 Lite through its US
 * inference profile (Nova reasoningConfig), and Llama 3 (a family the gateway maps no reasoning for).
 */
import { TOUCHSTONE_ACCESS_KEY_ID, TOUCHSTONE_SECRET_ACCESS_KEY } from '../../mocks/bedrock/sigv4.ts';
import type { DefaultAccount } from './types.ts';

export const BEDROCK_MODELS = {
  claude: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
  novaPro: 'amazon.nova-pro-v1:0',
  nova2Lite: 'us.amazon.nova-2-lite-v1:0',
  llama: 'meta.llama3-70b-instruct-v1:0',
} as const;

export const bedrockAccounts: DefaultAccount[] = [
  {
    upstream: 'bedrock',
    chatModel: `bedrock-main/${BEDROCK_MODELS.claude}`,
    account: {
      name: 'bedrock-main', provider: 'bedrock', region: 'us-east-1',
      aws: { access_key_id: { value: TOUCHSTONE_ACCESS_KEY_ID }, secret_access_key: { value: TOUCHSTONE_SECRET_ACCESS_KEY } },
      models: Object.values(BEDROCK_MODELS).map((name) => ({ name })),
    },
  },
];
