/** Placeholder: routes to be written (issue 3). */
import type { OpenAIRoute, OpenAISim } from '../routes.ts';

export interface FilesApi {
  routes: OpenAIRoute[];
}

export function createFilesApi(_sim: OpenAISim): FilesApi {
  return { routes: [] };
}
