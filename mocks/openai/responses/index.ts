/** Placeholder: routes to be written (issue 3). */
import type { OpenAIRoute, OpenAISim } from '../routes.ts';

export function responsesRoutes(_sim: OpenAISim): OpenAIRoute[] {
  return [];
}
