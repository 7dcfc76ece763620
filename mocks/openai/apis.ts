/**
 * Every API the OpenAI simulator serves, as one list of routes. Each API lives in its own module and
 * contributes its routes from the shared simulator state; stateful ones keep their own store.
 */
import { chatRoutes } from './chat.ts';
import type { OpenAIRoute, OpenAISim } from './routes.ts';

export function apiRoutes(sim: OpenAISim): OpenAIRoute[] {
  return [
    ...chatRoutes(sim),
  ];
}
