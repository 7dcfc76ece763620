/**
 * The Gemini API as a registry row: upstream `gemini`, standing in for
 * https://generativelanguage.googleapis.com (the loopback server mounts it at `/gemini`, so the
 * official SDK's `httpOptions.baseUrl` is `<server>/gemini` and it appends `/v1beta/…` itself).
 */
import type { UpstreamDefinition } from '../registry.ts';
import { createGeminiSimulator } from './index.ts';

export const geminiUpstreams: readonly UpstreamDefinition[] = [
  {
    name: 'gemini',
    provider: 'gemini',
    realBaseURL: 'https://generativelanguage.googleapis.com',
    create: (options = {}) => createGeminiSimulator({ ...options, name: 'gemini' }),
  },
];
