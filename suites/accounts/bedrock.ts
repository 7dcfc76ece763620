/** Default Bedrock account of the in-process target (adjust models as the translator needs). */
import { TOUCHSTONE_ACCESS_KEY_ID, TOUCHSTONE_SECRET_ACCESS_KEY } from '../../mocks/bedrock/sigv4.ts';
import type { DefaultAccount } from './types.ts';
export const bedrockAccounts: DefaultAccount[] = [
  { upstream: 'bedrock', chatModel: 'bedrock-main/us.anthropic.claude-sonnet-4-5-20250929-v1:0', account: { name: 'bedrock-main', provider: 'bedrock', region: 'us-east-1', aws: { access_key_id: { value: TOUCHSTONE_ACCESS_KEY_ID }, secret_access_key: { value: TOUCHSTONE_SECRET_ACCESS_KEY } }, models: ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'amazon.nova-pro-v1:0'].map((name) => ({ name })) } },
];
