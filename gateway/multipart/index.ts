/**
 * Streaming multipart/form-data for the gateway's upload endpoints (images edits and variations, audio
 * transcriptions and translations, files): the boundary from the content-type, a rewriter that passes
 * every byte through except the `model` field's value, and the upload stream routes forward upstream.
 */
export { multipartBoundary } from './boundary.ts';
export { MultipartError, MultipartRewriter, type FieldRewrite } from './rewriter.ts';
export { openMultipart, type MultipartUpload, type OpenMultipartOptions } from './upload.ts';
