/**
 * The Models API: `GET /v1/models` lists the catalog of models.ts (chat aliases and snapshots,
 * embeddings, image, audio, moderation and realtime models) followed by the instance's fine-tuned
 * models (`sim.customModels`, owned by the simulator's organisation); `GET /v1/models/{model}` answers
 * one of them or OpenAI's 404 "The model '…' does not exist"; `DELETE /v1/models/{model}` deletes a
 * fine-tuned model (catalog models are not the caller's to delete: 403).
 */
import { OpenAIError, errors } from './errors.ts';
import { catalogModel, MODEL_CATALOG } from './models.ts';
import { jsonResponse, type OpenAIRoute, type OpenAISim } from './routes.ts';

interface ModelObject { id: string; object: 'model'; created: number; owned_by: string }

function customModelObjects(sim: OpenAISim): ModelObject[] {
  const created = Math.floor(sim.now() / 1000);
  return [...sim.customModels.keys()].map((id) => ({ id, object: 'model', created, owned_by: sim.organization }));
}

function findModelObject(sim: OpenAISim, id: string): ModelObject | undefined {
  const known = catalogModel(id);
  if (known) return { id: known.id, object: 'model', created: known.created, owned_by: known.owned_by };
  return customModelObjects(sim).find((m) => m.id === id);
}

export function modelsRoutes(sim: OpenAISim): OpenAIRoute[] {
  return [
    {
      method: 'GET',
      path: '/v1/models',
      handle: (ctx) => jsonResponse({
        object: 'list',
        data: [
          ...MODEL_CATALOG.map((m) => ({ id: m.id, object: 'model', created: m.created, owned_by: m.owned_by })),
          ...customModelObjects(sim),
        ],
      }, ctx.headers(['models', [...sim.customModels.keys()]])),
    },
    {
      method: 'GET',
      path: '/v1/models/:model',
      handle: (ctx) => {
        const model = findModelObject(sim, ctx.params.model!);
        if (!model) throw errors.modelDoesNotExist(ctx.params.model!);
        return jsonResponse(model, ctx.headers(['model', model.id]));
      },
    },
    {
      method: 'DELETE',
      path: '/v1/models/:model',
      handle: (ctx) => {
        const id = ctx.params.model!;
        if (catalogModel(id)) {
          throw new OpenAIError(403, {
            message: `You do not have permission to delete model ${id}.`, type: 'invalid_request_error', param: 'model', code: null,
          }, 'legacy');
        }
        if (!sim.customModels.delete(id)) throw errors.modelDoesNotExist(id);
        return jsonResponse({ id, object: 'model', deleted: true }, ctx.headers(['delete-model', id]));
      },
    },
  ];
}
