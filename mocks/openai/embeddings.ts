/** Placeholder: routes to be written (issue 3). */
import type { OpenAIRoute, OpenAISim } from './routes.ts';

export function embeddingsRoutes(_sim: OpenAISim): OpenAIRoute[] {
  return [];
}
