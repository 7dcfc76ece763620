/**
 * Every API the OpenAI simulator serves, as one list of routes. Each API lives in its own module and
 * contributes its routes from the shared simulator state; stateful ones keep their own store.
 */
import { audioRoutes } from './audio/index.ts';
import { batchesRoutes } from './batches/index.ts';
import { chatRoutes } from './chat.ts';
import { embeddingsRoutes } from './embeddings.ts';
import { createFilesApi } from './files/index.ts';
import { fineTuningRoutes } from './fine-tuning/index.ts';
import { imagesRoutes } from './images/index.ts';
import { modelsRoutes } from './models-api.ts';
import { moderationsRoutes } from './moderations.ts';
import { responsesRoutes } from './responses/index.ts';
import type { OpenAIRoute, OpenAISim } from './routes.ts';

export function apiRoutes(sim: OpenAISim): OpenAIRoute[] {
  const files = createFilesApi(sim);
  return [
    ...chatRoutes(sim),
    ...embeddingsRoutes(sim),
    ...moderationsRoutes(sim),
    ...modelsRoutes(sim),
    ...responsesRoutes(sim),
    ...imagesRoutes(sim),
    ...audioRoutes(sim),
    ...files.routes,
    ...batchesRoutes(sim, files),
    ...fineTuningRoutes(sim, files),
  ];
}
