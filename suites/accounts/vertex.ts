/** Default Vertex account of the in-process target (adjust models as the translator needs). */
import type { DefaultAccount } from './types.ts';
export const vertexAccounts: DefaultAccount[] = [
  { upstream: 'vertex', chatModel: 'vertex-main/gemini-2.5-flash', reasoningModel: 'vertex-main/gemini-2.5-pro', account: { name: 'vertex-main', provider: 'vertex', api_key: { value: 'ya29.touchstone-vertex-0001' }, project: 'touchstone-project', region: 'us-central1', models: ['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-3-pro-preview', 'claude-sonnet-4-5'].map((name) => ({ name })) } },
];
