/**
 * Images: generations (JSON), edits and variations (multipart uploads streamed through, the `model`
 * field rewritten on the way). Cost counts images: the `data` entries of the answer, or, when
 * gpt-image-1 streams partial images, each `image_generation.completed` / `image_edit.completed` event.
 */
import type { Usage } from '../cost.ts';
import { jsonEndpoint, multipartEndpoint } from './endpoint.ts';
import { isRecord, type RelayOptions } from './forward.ts';
import type { Endpoint } from './target.ts';

const relay: RelayOptions = {
  usage: (json): Usage | undefined => (isRecord(json) && Array.isArray(json.data) ? { images: json.data.length } : undefined),
  sse: {
    usage: (data) => (isRecord(data) && /^image_(?:generation|edit)\.completed$/.test(String(data.type)) ? { images: 1 } : undefined),
  },
};

const endpoint = (label: string): Endpoint => ({ api: 'images', label, modelBound: true });

export const generateImages = jsonEndpoint({ endpoint: endpoint('POST /images/generations'), path: '/images/generations', relay });
export const editImages = multipartEndpoint({ endpoint: endpoint('POST /images/edits'), path: '/images/edits', relay });
export const createImageVariations = multipartEndpoint({ endpoint: endpoint('POST /images/variations'), path: '/images/variations', relay });
