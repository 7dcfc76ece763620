/**
 * The Files API, routed by `x-tfy-provider-name`: upload (multipart streamed through as it arrives —
 * no model to wait for), list, retrieve, delete, and content (the file's bytes flow through unbuffered).
 */
import { accountEndpoint, multipartEndpoint } from './endpoint.ts';
import type { Endpoint } from './target.ts';

const endpoint: Endpoint = { api: 'files', label: 'the Files API', modelBound: false };

export const listFiles = accountEndpoint({ endpoint, method: 'GET', path: () => '/files' });
export const uploadFile = multipartEndpoint({ endpoint, path: '/files' });
export const getFile = accountEndpoint({ endpoint, method: 'GET', path: ([id]) => `/files/${id}` });
export const deleteFile = accountEndpoint({ endpoint, method: 'DELETE', path: ([id]) => `/files/${id}` });
export const getFileContent = accountEndpoint({ endpoint, method: 'GET', path: ([id]) => `/files/${id}/content`, relay: { streamed: true } });
