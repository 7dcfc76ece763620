/**
 * The gateway's route table: path templates below the base path (`/api/llm`), the API name spans and
 * logs use, and the handler per method. Path parameters (`{id}`) arrive decoded, in order.
 */
import type { GatewayContext } from '../app.ts';
import type { ApiName } from '../exchange.ts';
import { chatCompletions } from './chat.ts';

export type RouteHandler = (request: Request, ctx: GatewayContext, params: string[]) => Promise<Response>;
export interface RouteSpec { api: ApiName; path: string; methods: Record<string, RouteHandler> }

export const routes: RouteSpec[] = [
  { api: 'chat', path: '/chat/completions', methods: { POST: chatCompletions } },
];
