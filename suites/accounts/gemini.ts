/** Default Gemini account of the in-process target (adjust models as the translator needs). */
import type { DefaultAccount } from './types.ts';
export const geminiAccounts: DefaultAccount[] = [
  { upstream: 'gemini', chatModel: 'gemini-main/gemini-2.5-flash', reasoningModel: 'gemini-main/gemini-2.5-pro', account: { name: 'gemini-main', provider: 'gemini', api_key: { value: 'AIzaTouchstoneGemini0001' }, models: ['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-3-pro-preview'].map((name) => ({ name })) } },
];
