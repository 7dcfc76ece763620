/** Placeholder: routes to be written (issue 3). */
import type { OpenAIRoute, OpenAISim } from '../routes.ts';
import type { FilesApi } from '../files/index.ts';

export function fineTuningRoutes(_sim: OpenAISim, _files: FilesApi): OpenAIRoute[] {
  return [];
}
